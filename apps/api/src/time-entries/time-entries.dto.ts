import {
  HeartbeatResponseSchema,
  RecentCombinationListResponseSchema,
  RecentCombinationsQuerySchema,
  TimeEntryDuplicateSchema,
  TimeEntryBulkCreateSchema,
  TimeEntryCreateSchema,
  TimeEntryIdParamSchema,
  TimeEntryListQuerySchema,
  TimeEntryListResponseSchema,
  TimeEntryPageSchema,
  TimeEntryResponseSchema,
  TimeEntryUpdateSchema,
  TimerStartSchema,
  TimerStopSchema,
  TimerPauseSchema,
  TimerResumeSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TimeEntryResponseDto extends createZodDto(TimeEntryResponseSchema) {}
export class TimeEntryCreateDto extends createZodDto(TimeEntryCreateSchema) {}
export class TimeEntryUpdateDto extends createZodDto(TimeEntryUpdateSchema) {}
export class TimeEntryBulkCreateDto extends createZodDto(TimeEntryBulkCreateSchema) {}
export class TimeEntryListQueryDto extends createZodDto(TimeEntryListQuerySchema) {}
export class TimeEntryIdParamDto extends createZodDto(TimeEntryIdParamSchema) {}
export class TimeEntryPageDto extends createZodDto(TimeEntryPageSchema) {}
export class TimeEntryListResponseDto extends createZodDto(TimeEntryListResponseSchema) {}
export class TimerStartDto extends createZodDto(TimerStartSchema) {}
export class TimerStopDto extends createZodDto(TimerStopSchema) {}
export class TimerPauseDto extends createZodDto(TimerPauseSchema) {}
export class TimerResumeDto extends createZodDto(TimerResumeSchema) {}
export class HeartbeatResponseDto extends createZodDto(HeartbeatResponseSchema) {}
export class TimeEntryDuplicateDto extends createZodDto(TimeEntryDuplicateSchema) {}
export class RecentCombinationsQueryDto extends createZodDto(RecentCombinationsQuerySchema) {}
export class RecentCombinationListDto extends createZodDto(RecentCombinationListResponseSchema) {}
