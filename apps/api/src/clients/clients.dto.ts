import {
  ClientCreateSchema,
  ClientDeleteResponseSchema,
  ClientIdParamSchema,
  ClientListQuerySchema,
  ClientPageSchema,
  ClientResponseSchema,
  ClientUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class ClientListQueryDto extends createZodDto(ClientListQuerySchema) {}
export class ClientCreateDto extends createZodDto(ClientCreateSchema) {}
export class ClientUpdateDto extends createZodDto(ClientUpdateSchema) {}
export class ClientIdParamDto extends createZodDto(ClientIdParamSchema) {}
export class ClientResponseDto extends createZodDto(ClientResponseSchema) {}
export class ClientPageDto extends createZodDto(ClientPageSchema) {}
export class ClientDeleteResponseDto extends createZodDto(ClientDeleteResponseSchema) {}
