import {
  DashboardResponseSchema,
  ReportSeriesParamSchema,
  ReportSeriesQuerySchema,
  ReportSeriesResponseSchema,
  ReportSummaryQuerySchema,
  ReportSummaryResponseSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class ReportSummaryQueryDto extends createZodDto(ReportSummaryQuerySchema) {}
export class ReportSummaryResponseDto extends createZodDto(ReportSummaryResponseSchema) {}
export class DashboardResponseDto extends createZodDto(DashboardResponseSchema) {}
export class ReportSeriesParamDto extends createZodDto(ReportSeriesParamSchema) {}
export class ReportSeriesQueryDto extends createZodDto(ReportSeriesQuerySchema) {}
export class ReportSeriesResponseDto extends createZodDto(ReportSeriesResponseSchema) {}
