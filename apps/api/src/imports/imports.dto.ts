import {
  ImportCreateQuerySchema,
  ImportIdParamSchema,
  ImportListQuerySchema,
  ImportPageSchema,
  ImportResponseSchema,
  ImportRowsQuerySchema,
  ImportUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class ImportCreateQueryDto extends createZodDto(ImportCreateQuerySchema) {}
export class ImportIdParamDto extends createZodDto(ImportIdParamSchema) {}
export class ImportListQueryDto extends createZodDto(ImportListQuerySchema) {}
export class ImportRowsQueryDto extends createZodDto(ImportRowsQuerySchema) {}
export class ImportUpdateDto extends createZodDto(ImportUpdateSchema) {}
export class ImportResponseDto extends createZodDto(ImportResponseSchema) {}
export class ImportPageDto extends createZodDto(ImportPageSchema) {}
