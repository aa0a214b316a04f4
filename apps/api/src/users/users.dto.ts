import {
  UserCreateSchema,
  UserDeleteResponseSchema,
  UserIdParamSchema,
  UserListQuerySchema,
  UserPageSchema,
  UserSetPasswordSchema,
  UserUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class UserListQueryDto extends createZodDto(UserListQuerySchema) {}
export class UserCreateDto extends createZodDto(UserCreateSchema) {}
export class UserUpdateDto extends createZodDto(UserUpdateSchema) {}
export class UserSetPasswordDto extends createZodDto(UserSetPasswordSchema) {}
export class UserIdParamDto extends createZodDto(UserIdParamSchema) {}
export class UserPageDto extends createZodDto(UserPageSchema) {}
export class UserDeleteResponseDto extends createZodDto(UserDeleteResponseSchema) {}
