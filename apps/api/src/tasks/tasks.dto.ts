import {
  TaskCreateSchema,
  TaskIdParamSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskResponseSchema,
  TaskUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TaskListQueryDto extends createZodDto(TaskListQuerySchema) {}
export class TaskCreateDto extends createZodDto(TaskCreateSchema) {}
export class TaskUpdateDto extends createZodDto(TaskUpdateSchema) {}
export class TaskIdParamDto extends createZodDto(TaskIdParamSchema) {}
export class TaskResponseDto extends createZodDto(TaskResponseSchema) {}
export class TaskPageDto extends createZodDto(TaskPageSchema) {}
