import { z } from 'zod';
import { InstantResponseSchema, text } from './common/input';

// Two-factor authentication (issue #21 §2, docs/security.md "Two-factor authentication").

/** Who must have a second factor: nobody, admins, or everyone with a local password. */
export const REQUIRE_TWO_FACTOR = ['off', 'admins', 'everyone'] as const;
export type RequireTwoFactor = (typeof REQUIRE_TWO_FACTOR)[number];

export const TotpCodeSchema = text()
  .trim()
  .regex(/^\d{6}$/, 'six digits')
  .describe('The six-digit code the authenticator app shows now');

export const TwoFactorStatusResponseSchema = z
  .object({
    enabled: z.boolean().describe('A confirmed authenticator guards sign-in'),
    enabledAt: InstantResponseSchema.nullable(),
    recoveryCodesLeft: z.number().int().describe('Unused recovery codes'),
    required: z
      .boolean()
      .describe('settings.requireTwoFactor applies to this user (they cannot turn it off for good)'),
    rememberedDevices: z.number().int().describe('Browsers that skip the second step for now'),
  })
  .describe("The signed-in user's second factor");

export const TwoFactorEnrolmentResponseSchema = z
  .object({
    secret: z.string().describe('The base32 secret, for typing into an app; shown only now'),
    otpauthUri: z.string().describe('otpauth://totp/… (RFC 6238), what the QR code holds'),
    qrCodeDataUrl: z.string().describe('A PNG data: URL of the QR code'),
  })
  .describe('Scan the QR code, then confirm with a code (POST /account/two-factor/confirm)');

export const TwoFactorConfirmSchema = z.strictObject({ code: TotpCodeSchema });

/** Proof that it is the user: the password, or a code of the authenticator. */
export const TwoFactorProofSchema = z
  .strictObject({
    password: text().min(1).max(200).optional().describe('The current password'),
    code: TotpCodeSchema.optional(),
  })
  .refine((v) => (v.password === undefined) !== (v.code === undefined), {
    message: 'send either password or code',
  });

export const RecoveryCodesResponseSchema = z
  .object({
    recoveryCodes: z
      .array(z.string())
      .describe('Ten one-time codes, shown only in this response: each replaces one code once'),
  })
  .describe('Store these codes somewhere safe');

export const SecondFactorSchema = z.strictObject({
  code: text()
    .trim()
    .min(6)
    .max(40)
    .describe('The six-digit authenticator code, or one recovery code (xxxx-xxxx-xxxx)'),
  rememberDevice: z
    .boolean()
    .optional()
    .describe('Skip the second step in this browser for 30 days (until the factor is reset)'),
});

export type TwoFactorStatusResponse = z.infer<typeof TwoFactorStatusResponseSchema>;
export type TwoFactorEnrolmentResponse = z.infer<typeof TwoFactorEnrolmentResponseSchema>;
export type TwoFactorProof = z.infer<typeof TwoFactorProofSchema>;
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponseSchema>;
export type SecondFactor = z.infer<typeof SecondFactorSchema>;
