import {
  AuditHistoryParamSchema,
  AuditHistoryResponseSchema,
  AuditListQuerySchema,
  AuditPageSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class AuditListQueryDto extends createZodDto(AuditListQuerySchema) {}
export class AuditPageDto extends createZodDto(AuditPageSchema) {}
export class AuditHistoryParamDto extends createZodDto(AuditHistoryParamSchema) {}
export class AuditHistoryDto extends createZodDto(AuditHistoryResponseSchema) {}
