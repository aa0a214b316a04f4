import { z } from 'zod';

// OpenID Connect from the environment, for unattended installs (docs/sso.md, docs/configuration.md).
// With OIDC_ISSUER set these apply and the dashboard's SSO settings are read-only.

const ROLES = ['admin', 'manager', 'accountant', 'user'] as const;
const LINK_BY = ['none', 'email', 'username'] as const;

/** `group=role,group=role`: the groups claim's values and the role each gives. */
function parseRoleMapping(v: string): { group: string; role: (typeof ROLES)[number] }[] | undefined {
  if (v.trim() === '') return [];
  const out: { group: string; role: (typeof ROLES)[number] }[] = [];
  for (const pair of v.split(',')) {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim() as (typeof ROLES)[number];
    if (at <= 0 || !group || !ROLES.includes(role)) return undefined;
    out.push({ group, role });
  }
  return out;
}

export const oidcEnvFields = {
  OIDC_ISSUER: z
    .string()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
    .optional(),
  OIDC_CLIENT_ID: z.string().max(255).optional(),
  OIDC_CLIENT_SECRET: z.string().max(1000).optional(),
  OIDC_SCOPES: z
    .string()
    .default('openid profile email')
    .refine((v) => v.split(/\s+/).includes('openid'), 'must include openid'),
  OIDC_AUTO_CREATE: z.stringbool({ error: 'must be true or false' }).default(false),
  OIDC_LINK_BY: z.enum(LINK_BY, { error: `must be one of ${LINK_BY.join(', ')}` }).default('email'),
  OIDC_GROUPS_CLAIM: z.string().max(100).default(''),
  OIDC_ROLE_MAPPING: z
    .string()
    .default('')
    .transform((v) => parseRoleMapping(v) ?? null)
    .refine((v) => v !== null, `must be group=role pairs separated by commas (roles: ${ROLES.join(', ')})`),
  OIDC_SSO_ONLY: z.stringbool({ error: 'must be true or false' }).default(false),
  // The local account that keeps password sign-in in SSO-only mode (docs/sso.md "Break glass").
  OIDC_BREAK_GLASS_USER: z.string().max(80).default('admin'),
};

export interface OidcEnvConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
  autoCreate: boolean;
  linkBy: (typeof LINK_BY)[number];
  groupsClaim: string;
  roleMapping: { group: string; role: (typeof ROLES)[number] }[];
  ssoOnly: boolean;
}

type OidcEnv = z.output<z.ZodObject<typeof oidcEnvFields>>;

/** The env's SSO settings (undefined without OIDC_ISSUER) and the break-glass account. */
export function oidcConfigOf(e: OidcEnv): { oidc?: OidcEnvConfig; oidcBreakGlassUser: string } {
  const breakGlass = { oidcBreakGlassUser: e.OIDC_BREAK_GLASS_USER.trim().toLowerCase() };
  if (!e.OIDC_ISSUER) return breakGlass;
  return {
    ...breakGlass,
    oidc: {
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID ?? '',
      ...(e.OIDC_CLIENT_SECRET !== undefined ? { clientSecret: e.OIDC_CLIENT_SECRET } : {}),
      scopes: e.OIDC_SCOPES.trim().replace(/\s+/g, ' '),
      autoCreate: e.OIDC_AUTO_CREATE,
      linkBy: e.OIDC_LINK_BY,
      groupsClaim: e.OIDC_GROUPS_CLAIM.trim(),
      roleMapping: e.OIDC_ROLE_MAPPING ?? [],
      ssoOnly: e.OIDC_SSO_ONLY,
    },
  };
}
