import { z } from 'zod';
import { IdParamSchema, IdSchema, InstantResponseSchema, text } from './common/input';
import { pageOf, PageQuerySchema, sortParam } from './common/pagination';

const TeamNameSchema = text().trim().min(1).max(100).describe('Unique, case-insensitively');

export const TeamMemberSchema = z.strictObject({
  userId: IdSchema,
  isLead: z
    .boolean()
    .default(false)
    .describe("A lead manages the team's other members: sees and edits their time, runs their reports"),
});

const TeamMembersSchema = z
  .array(TeamMemberSchema)
  .max(1000)
  .refine((m) => new Set(m.map((x) => x.userId)).size === m.length, 'a user is listed twice')
  .describe('The whole membership: sending it replaces the previous one');

export const TeamMemberResponseSchema = z.object({
  userId: z.number().int(),
  username: z.string(),
  isLead: z.boolean(),
});

export const TeamResponseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  members: z.array(TeamMemberResponseSchema).describe('By username'),
  createdAt: InstantResponseSchema,
});

export const TeamCreateSchema = z.strictObject({
  name: TeamNameSchema,
  members: TeamMembersSchema.default([]),
});

export const TeamUpdateSchema = z
  .strictObject({ name: TeamNameSchema.optional(), members: TeamMembersSchema.optional() })
  .refine((v) => v.name !== undefined || v.members !== undefined, 'nothing to change')
  .describe('Only the fields sent change; members replaces the whole membership');

export const TeamListQuerySchema = PageQuerySchema.extend({
  sort: sortParam(['name', 'createdAt'], 'name'),
}).strict();

export const TeamIdParamSchema = IdParamSchema;
export const TeamPageSchema = pageOf(TeamResponseSchema);

export type TeamMember = z.infer<typeof TeamMemberSchema>;
export type TeamResponse = z.infer<typeof TeamResponseSchema>;
export type TeamCreate = z.infer<typeof TeamCreateSchema>;
export type TeamUpdate = z.infer<typeof TeamUpdateSchema>;
export type TeamListQuery = z.infer<typeof TeamListQuerySchema>;
