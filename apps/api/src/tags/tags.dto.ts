import {
  TagCreateSchema,
  TagIdParamSchema,
  TagListQuerySchema,
  TagMergeResponseSchema,
  TagMergeSchema,
  TagPageResponseSchema,
  TagResponseSchema,
  TagUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TagResponseDto extends createZodDto(TagResponseSchema) {}
export class TagPageDto extends createZodDto(TagPageResponseSchema) {}
export class TagListQueryDto extends createZodDto(TagListQuerySchema) {}
export class TagCreateDto extends createZodDto(TagCreateSchema) {}
export class TagUpdateDto extends createZodDto(TagUpdateSchema) {}
export class TagMergeDto extends createZodDto(TagMergeSchema) {}
export class TagMergeResponseDto extends createZodDto(TagMergeResponseSchema) {}
export class TagIdParamDto extends createZodDto(TagIdParamSchema) {}
