import { z } from 'zod';
import { IdParamSchema, text } from './common/input';
import {
  EmailAddressSchema,
  NewPasswordSchema,
  RoleSchema,
  UserResponseSchema,
  UsernameSchema,
} from './auth';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';

export const UserListQuerySchema = PageQuerySchema.extend({
  search: text().trim().max(80).optional().describe('Part of the username'),
  role: RoleSchema.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: sortParam(['username', 'createdAt', 'lastLogin', 'role'], 'username'),
}).strict();

export const UserCreateSchema = z.strictObject({
  username: UsernameSchema,
  password: NewPasswordSchema.optional().describe(
    'Omit to create an account that cannot sign in until one is set',
  ),
  role: RoleSchema.default('user'),
  isActive: z.boolean().default(true),
  email: EmailAddressSchema.optional().describe(
    'With no password: the new user is mailed an invitation to choose one (valid 7 days)',
  ),
});

export const UserUpdateSchema = z
  .strictObject({
    role: RoleSchema.optional(),
    isActive: z.boolean().optional(),
    email: EmailAddressSchema.nullable().optional().describe('null removes the address'),
  })
  .refine(
    (v) => v.role !== undefined || v.isActive !== undefined || v.email !== undefined,
    'nothing to change',
  );

export const UserSetPasswordSchema = z.strictObject({ password: NewPasswordSchema });

export const UserIdParamSchema = IdParamSchema;

export const UserPageSchema = pageOf(UserResponseSchema);

export const UserDeleteResponseSchema = z.object({
  deleted: z.boolean().describe('False when the user had time entries and was deactivated instead'),
  user: UserResponseSchema,
});

export type UserListQuery = z.infer<typeof UserListQuerySchema>;
export type UserCreate = z.infer<typeof UserCreateSchema>;
export type UserUpdate = z.infer<typeof UserUpdateSchema>;
