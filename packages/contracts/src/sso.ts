import { z } from 'zod';
import { RoleSchema } from './auth';
import { IdSchema, text } from './common/input';

// OpenID Connect single sign-on (issue #21 §1, docs/sso.md).

/** How a first SSO sign-in finds an existing user: not at all, by verified email, by username. */
export const SSO_LINK_BY = ['none', 'email', 'username'] as const;
export type SsoLinkBy = (typeof SSO_LINK_BY)[number];

// A function, not one shared instance: the request and the response each get their own, so the
// OpenAPI document renders the same on every build.
const roleMapping = () =>
  z
    .array(
      z.strictObject({
        group: text().trim().min(1).max(200).describe('A value of the groups claim'),
        role: RoleSchema.describe('The role a member of that group gets'),
      }),
    )
    .max(100)
    .describe(
      'Group → role; a user in several mapped groups gets the strongest role (admin > manager > ' +
        'accountant > user), one in none of them gets user. Applied at every SSO sign-in.',
    );
export const SsoRoleMappingSchema = roleMapping();
export type SsoRoleMapping = z.infer<typeof SsoRoleMappingSchema>;

const teamMapping = () =>
  z
    .array(
      z.strictObject({
        group: text().trim().min(1).max(200).describe('A value of the groups claim'),
        teamId: IdSchema.describe('The team a member of that group joins'),
      }),
    )
    .max(100)
    .describe(
      'Group → team, applied at every SSO sign-in: the user joins the teams of their groups and ' +
        'leaves the teams SSO put them in when the group is gone; memberships an admin added stay.',
    );
export const SsoTeamMappingSchema = teamMapping();
export type SsoTeamMapping = z.infer<typeof SsoTeamMappingSchema>;

const issuerUrl = text()
  .trim()
  .max(500)
  .refine((v) => v === '' || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), 'an http(s) URL')
  .describe('The provider’s issuer URL (its discovery document is at /.well-known/openid-configuration)');

export const SsoConfigUpdateSchema = z
  .strictObject({
    enabled: z.boolean(),
    issuer: issuerUrl,
    clientId: text().trim().max(255),
    clientSecret: text()
      .max(1000)
      .optional()
      .describe('Omitted: the stored secret is kept. Stored encrypted with TWO_FACTOR_KEY; never returned.'),
    scopes: text()
      .trim()
      .max(500)
      .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'space-separated scopes')
      .refine((v) => v.split(' ').includes('openid'), 'must include openid'),
    autoCreate: z.boolean().describe('A first sign-in without a matching user creates one (role: user)'),
    linkBy: z.enum(SSO_LINK_BY).describe('How a first sign-in finds an existing user'),
    groupsClaim: text()
      .trim()
      .max(100)
      .describe('The ID token claim with the user’s groups (e.g. groups); empty = roles are not mapped'),
    roleMapping: roleMapping(),
    teamMapping: teamMapping().default([]),
    ssoOnly: z.boolean().describe('Refuse password sign-in, except for the break-glass account'),
  })
  .refine((v) => !v.enabled || (v.issuer !== '' && v.clientId !== ''), {
    message: 'An issuer and a client id are needed to turn SSO on',
    path: ['issuer'],
  })
  .refine((v) => !v.ssoOnly || v.enabled, {
    message: 'SSO-only needs SSO turned on',
    path: ['ssoOnly'],
  })
  .describe('The OpenID Connect settings an admin enters in the dashboard');
export type SsoConfigUpdate = z.infer<typeof SsoConfigUpdateSchema>;

export const SsoConfigResponseSchema = z
  .object({
    source: z
      .enum(['dashboard', 'env'])
      .describe('env: OIDC_ISSUER is set, the OIDC_* variables apply and the dashboard cannot change them'),
    enabled: z.boolean(),
    issuer: z.string(),
    clientId: z.string(),
    clientSecretSet: z.boolean().describe('Whether a client secret is stored (it is never returned)'),
    scopes: z.string(),
    autoCreate: z.boolean(),
    linkBy: z.enum(SSO_LINK_BY),
    groupsClaim: z.string(),
    roleMapping: z
      .array(z.object({ group: z.string(), role: RoleSchema }))
      .describe('Group → role, the strongest wins; applied at every SSO sign-in'),
    teamMapping: z
      .array(z.object({ group: z.string(), teamId: z.number().int() }))
      .describe('Group → team; applied at every SSO sign-in'),
    ssoOnly: z.boolean(),
    redirectUri: z.string().describe('What to register at the provider (from PUBLIC_URL)'),
    breakGlassUsername: z
      .string()
      .describe('The local account that may still sign in with a password in SSO-only mode'),
  })
  .describe('OpenID Connect sign-in settings (admins only)');
export type SsoConfigResponse = z.infer<typeof SsoConfigResponseSchema>;

export const SsoCheckSchema = z
  .strictObject({ issuer: issuerUrl.refine((v) => v !== '', 'an issuer URL') })
  .describe('The issuer to check (the form’s, before it is saved)');
export type SsoCheck = z.infer<typeof SsoCheckSchema>;

export const SsoCheckResponseSchema = z
  .object({
    issuer: z.string().describe('The issuer the discovery document names (equal to the one asked)'),
    authorizationEndpoint: z.string(),
    tokenEndpoint: z.string(),
    endSessionEndpoint: z.string().nullable().describe('null: the provider has no logout page'),
    scopesSupported: z.array(z.string()).describe('As the provider lists them (may be empty)'),
  })
  .describe('The provider answered its discovery document and it is usable');
export type SsoCheckResponse = z.infer<typeof SsoCheckResponseSchema>;

export const SsoLogoutResponseSchema = z
  .object({
    endSessionUrl: z
      .string()
      .nullable()
      .describe("The provider's logout page to send the browser to (null: none, or not an SSO session)"),
  })
  .describe('The local session has ended');
export type SsoLogoutResponse = z.infer<typeof SsoLogoutResponseSchema>;
