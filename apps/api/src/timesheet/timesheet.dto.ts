import {
  TimesheetCellResultResponseSchema,
  TimesheetCellSetSchema,
  TimesheetPeopleResponseSchema,
  TimesheetPreviousRowsResponseSchema,
  TimesheetResponseSchema,
  TimesheetWeekQuerySchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TimesheetWeekQueryDto extends createZodDto(TimesheetWeekQuerySchema) {}
export class TimesheetResponseDto extends createZodDto(TimesheetResponseSchema) {}
export class TimesheetCellSetDto extends createZodDto(TimesheetCellSetSchema) {}
export class TimesheetCellResultDto extends createZodDto(TimesheetCellResultResponseSchema) {}
export class TimesheetPreviousRowsDto extends createZodDto(TimesheetPreviousRowsResponseSchema) {}
export class TimesheetPeopleDto extends createZodDto(TimesheetPeopleResponseSchema) {}
