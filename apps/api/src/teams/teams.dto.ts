import {
  TeamCreateSchema,
  TeamIdParamSchema,
  TeamListQuerySchema,
  TeamPageSchema,
  TeamResponseSchema,
  TeamUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class TeamListQueryDto extends createZodDto(TeamListQuerySchema) {}
export class TeamCreateDto extends createZodDto(TeamCreateSchema) {}
export class TeamUpdateDto extends createZodDto(TeamUpdateSchema) {}
export class TeamIdParamDto extends createZodDto(TeamIdParamSchema) {}
export class TeamResponseDto extends createZodDto(TeamResponseSchema) {}
export class TeamPageDto extends createZodDto(TeamPageSchema) {}
