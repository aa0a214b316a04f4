import { z } from 'zod';
import { EmailAddressSchema, NewPasswordSchema } from './auth';
import { InstantResponseSchema, text } from './common/input';

// The signed-in user's own account: password and browser sessions (preferences: preferences.ts).

export const PasswordChangeSchema = z.strictObject({
  currentPassword: text().min(1).max(200).describe('The password in use now'),
  newPassword: NewPasswordSchema,
});

export const PasswordChangeResponseSchema = z
  .object({
    endedSessions: z.number().int().describe('Other browser sessions that were signed out'),
    revokedTokens: z.number().int().describe('API tokens that were revoked'),
  })
  .describe('The password changed; this session stays signed in, every other sign-in ended');

/** A session's id is the sha256 of its cookie's secret: naming it cannot sign anyone in. */
export const AccountSessionIdParamSchema = z.strictObject({
  id: text()
    .regex(/^[0-9a-f]{64}$/, 'a session id (64 hex digits)')
    .describe('A session id from GET /account/sessions'),
});

export const AccountSessionResponseSchema = z.object({
  id: z.string(),
  current: z.boolean().describe('The session this request was made with'),
  createdAt: InstantResponseSchema.describe('When the user signed in'),
  lastSeenAt: InstantResponseSchema.describe('Last request, to within five minutes'),
  expiresAt: InstantResponseSchema,
  userAgent: z.string().nullable().describe('The browser as it named itself at sign-in'),
  ip: z.string().nullable().describe('The address the sign-in came from'),
});

export const AccountSessionListResponseSchema = z.object({ items: z.array(AccountSessionResponseSchema) });

export const SignOutOthersResponseSchema = z.object({
  endedSessions: z.number().int().describe('Browser sessions signed out (this one excepted)'),
});

export type PasswordChange = z.infer<typeof PasswordChangeSchema>;
export type PasswordChangeResponse = z.infer<typeof PasswordChangeResponseSchema>;
export type AccountSessionResponse = z.infer<typeof AccountSessionResponseSchema>;
export type AccountSessionListResponse = z.infer<typeof AccountSessionListResponseSchema>;
export type SignOutOthersResponse = z.infer<typeof SignOutOthersResponseSchema>;

// First run: what an admin still has to set up on a fresh install.

export const SETUP_ITEMS = ['company', 'timezone', 'currency', 'signUp', 'client', 'project'] as const;
export type SetupItemKey = (typeof SETUP_ITEMS)[number];

export const SetupResponseSchema = z
  .object({
    items: z.array(
      z.object({
        key: z.enum(SETUP_ITEMS),
        done: z.boolean(),
        detail: z.string().describe('What is set now, or what is missing'),
      }),
    ),
    complete: z.boolean().describe('Every item is done'),
    dismissed: z.boolean().describe('An admin put the completed checklist away'),
    show: z.boolean().describe('Whether the dashboard shows the checklist: until complete and dismissed'),
  })
  .describe('The first-run checklist (admins)');

export type SetupResponse = z.infer<typeof SetupResponseSchema>;

// The user's own mail: their address and which optional mails they get (docs/email.md).

export const MailSettingsResponseSchema = z
  .object({
    email: z.string().nullable().describe('Where mails go; null: the user gets no mail'),
    weeklyDigest: z
      .boolean()
      .describe('Whether the user gets the weekly mail of time missing against their weekly target'),
  })
  .describe("The signed-in user's address and mail choices");

export const MailSettingsUpdateSchema = z
  .strictObject({
    email: EmailAddressSchema.nullable()
      .optional()
      .describe('The own address (unique: 409 when another user has it); null removes it'),
    weeklyDigest: z.boolean().optional().describe('false: no weekly digest (docs/email.md)'),
  })
  .refine((v) => v.email !== undefined || v.weeklyDigest !== undefined, 'nothing to change')
  .describe('Only the fields sent change');

export type MailSettingsResponse = z.infer<typeof MailSettingsResponseSchema>;
export type MailSettingsUpdate = z.infer<typeof MailSettingsUpdateSchema>;
