import {
  ProjectCreateSchema,
  ProjectDeleteResponseSchema,
  ProjectIdParamSchema,
  ProjectListQuerySchema,
  ProjectPageSchema,
  ProjectResponseSchema,
  ProjectUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class ProjectListQueryDto extends createZodDto(ProjectListQuerySchema) {}
export class ProjectCreateDto extends createZodDto(ProjectCreateSchema) {}
export class ProjectUpdateDto extends createZodDto(ProjectUpdateSchema) {}
export class ProjectIdParamDto extends createZodDto(ProjectIdParamSchema) {}
export class ProjectResponseDto extends createZodDto(ProjectResponseSchema) {}
export class ProjectPageDto extends createZodDto(ProjectPageSchema) {}
export class ProjectDeleteResponseDto extends createZodDto(ProjectDeleteResponseSchema) {}
