import {
  TimeEntryExportQuerySchema,
  TimeEntryXlsxExportQuerySchema,
  TimesheetPdfQuerySchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TimeEntryExportQueryDto extends createZodDto(TimeEntryExportQuerySchema) {}
export class TimeEntryXlsxExportQueryDto extends createZodDto(TimeEntryXlsxExportQuerySchema) {}
export class TimesheetPdfQueryDto extends createZodDto(TimesheetPdfQuerySchema) {}
