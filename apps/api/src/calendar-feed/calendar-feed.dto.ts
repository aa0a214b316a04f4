import {
  CalendarFeedCreatedResponseSchema,
  CalendarFeedResponseSchema,
  CalendarFeedTokenParamSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class CalendarFeedResponseDto extends createZodDto(CalendarFeedResponseSchema) {}
export class CalendarFeedCreatedResponseDto extends createZodDto(CalendarFeedCreatedResponseSchema) {}
export class CalendarFeedTokenParamDto extends createZodDto(CalendarFeedTokenParamSchema) {}
