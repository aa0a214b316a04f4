import { TimeEntryExportQuerySchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TimeEntryExportQueryDto extends createZodDto(TimeEntryExportQuerySchema) {}
