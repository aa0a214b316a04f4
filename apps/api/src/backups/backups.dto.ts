import {
  BackupCreateSchema,
  BackupIdParamSchema,
  BackupListQuerySchema,
  BackupPageSchema,
  BackupResponseSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class BackupListQueryDto extends createZodDto(BackupListQuerySchema) {}
export class BackupIdParamDto extends createZodDto(BackupIdParamSchema) {}
export class BackupCreateDto extends createZodDto(BackupCreateSchema) {}
export class BackupResponseDto extends createZodDto(BackupResponseSchema) {}
export class BackupPageDto extends createZodDto(BackupPageSchema) {}
