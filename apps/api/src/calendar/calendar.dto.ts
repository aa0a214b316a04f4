import { CalendarQuerySchema, CalendarResponseSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class CalendarQueryDto extends createZodDto(CalendarQuerySchema) {}
export class CalendarResponseDto extends createZodDto(CalendarResponseSchema) {}
