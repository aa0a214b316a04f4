import { z } from 'zod';
import { InstantResponseSchema, InstantSchema, text } from './common/input';
import { PreferencesResponseSchema } from './preferences';

// Request bodies are strict objects: an unknown field is a 400, never silently dropped.

const isoDateTime = InstantResponseSchema;

export const UsernameSchema = text()
  .trim()
  .toLowerCase()
  .min(2)
  .max(80)
  .regex(/^[a-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
  .describe('Case-insensitive: stored trimmed and lowercased');

export const NewPasswordSchema = text()
  .min(10)
  .max(200)
  .describe('10 to 200 characters, and it must not contain the username');

/** A mail address, as users and admins type it; stored trimmed and lowercased. */
export const EmailAddressSchema = text()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('must be an email address'))
  .describe('Where the user gets mail (password reset, invitation, idle stops); unique');

export const RoleSchema = z.enum(['admin', 'manager', 'accountant', 'user']);

export const UserResponseSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: RoleSchema,
  isActive: z.boolean(),
  hasPassword: z.boolean().describe('False for accounts adopted from the old app until an admin sets one'),
  email: z.string().nullable().describe('Where mails go; null = the user gets none'),
  createdAt: isoDateTime,
  lastLogin: isoDateTime.nullable(),
  twoFactorEnabled: z.boolean().describe('A confirmed authenticator guards sign-in'),
});

export const LoginSchema = z.strictObject({
  username: text().trim().min(1).max(80),
  password: text().min(1).max(200),
});

export const RegisterSchema = z.strictObject({
  username: UsernameSchema,
  password: NewPasswordSchema,
});

export const SessionResponseSchema = z
  .object({
    user: UserResponseSchema,
    preferences: PreferencesResponseSchema,
    csrfToken: z
      .string()
      .nullable()
      .describe(
        'Send it back as the X-CSRF-Token header on every write made with the session cookie (null for API tokens)',
      ),
    twoFactorEnrolmentRequired: z
      .boolean()
      .describe(
        'settings.requireTwoFactor applies and no authenticator is set up: until one is (POST ' +
          '/account/two-factor/enrol, then /confirm), every other route answers 403',
      ),
  })
  .describe('The signed-in user');

export const LoginResponseSchema = SessionResponseSchema.partial()
  .extend({
    secondFactorRequired: z
      .boolean()
      .describe(
        'True: the password was right and a code is due at POST /auth/login/second-factor (within ' +
          'five minutes; the tt_2fa cookie carries the pending sign-in); no other field is sent then',
      ),
  })
  .describe('Signed in (user, preferences, csrfToken), or the second step is due');

export const ApiTokenCreateSchema = z.strictObject({
  name: text().trim().min(1).max(100).describe('What the token is for, e.g. "laptop CLI"'),
  expiresAt: InstantSchema.optional().describe('Optional expiry (ISO-8601 with offset, in the future)'),
});

export const ApiTokenResponseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to tell tokens apart'),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});

export const ApiTokenCreatedResponseSchema = ApiTokenResponseSchema.extend({
  token: z
    .string()
    .describe('The secret, shown only in this response: use it as `Authorization: Bearer <token>`'),
});

export const ApiTokenListResponseSchema = z.object({ items: z.array(ApiTokenResponseSchema) });

export type UserResponse = z.infer<typeof UserResponseSchema>;
export type Login = z.infer<typeof LoginSchema>;
export type Register = z.infer<typeof RegisterSchema>;
export type SessionResponse = z.infer<typeof SessionResponseSchema>;
export type LoginResponse = z.infer<typeof LoginResponseSchema>;
export type ApiTokenCreate = z.infer<typeof ApiTokenCreateSchema>;
export type ApiTokenResponse = z.infer<typeof ApiTokenResponseSchema>;
export type ApiTokenCreatedResponse = z.infer<typeof ApiTokenCreatedResponseSchema>;

export const AuthOptionsResponseSchema = z
  .object({
    allowSelfRegister: z
      .boolean()
      .describe('Whether POST /auth/register is open (settings.allowSelfRegister), for the sign-in page'),
    sso: z
      .object({
        enabled: z.boolean().describe('Whether "Sign in with SSO" (GET /auth/sso/start) is offered'),
        ssoOnly: z.boolean().describe('Password sign-in is refused except for the break-glass account'),
      })
      .describe('OpenID Connect single sign-on (docs/sso.md)'),
  })
  .describe('What a signed-out visitor may do: public, no credentials needed');

export type AuthOptionsResponse = z.infer<typeof AuthOptionsResponseSchema>;

export const PasswordResetRequestSchema = z
  .strictObject({
    login: text().trim().min(1).max(254).describe('The username or the account’s email address'),
  })
  .describe('Asks for a reset link by mail; answered alike whether or not such an account exists');

export const PasswordResetCheckSchema = z.strictObject({
  token: text().min(20).max(200).describe('The secret from the mailed link'),
});

export const PasswordResetSchema = z.strictObject({
  token: text().min(20).max(200).describe('The secret from the mailed link (reset or invitation)'),
  password: NewPasswordSchema,
});

export const PasswordResetRequestedResponseSchema = z
  .object({ accepted: z.literal(true) })
  .describe('Always the same: a mail is sent only if the account exists, is active and has an address');

export const PasswordResetResponseSchema = z.object({
  username: z.string().describe('The account the link belongs to, to sign in with'),
});

export type PasswordResetRequest = z.infer<typeof PasswordResetRequestSchema>;
export type PasswordResetCheck = z.infer<typeof PasswordResetCheckSchema>;
export type PasswordReset = z.infer<typeof PasswordResetSchema>;
export type PasswordResetResponse = z.infer<typeof PasswordResetResponseSchema>;
