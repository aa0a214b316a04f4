import { useTranslation } from 'react-i18next';

/** Which OIDC_* variable sets a field (docs/configuration.md). */
export const ENV_VARIABLE = {
  enabled: 'OIDC_ISSUER',
  issuer: 'OIDC_ISSUER',
  clientId: 'OIDC_CLIENT_ID',
  clientSecret: 'OIDC_CLIENT_SECRET',
  scopes: 'OIDC_SCOPES',
  autoCreate: 'OIDC_AUTO_CREATE',
  linkBy: 'OIDC_LINK_BY',
  groupsClaim: 'OIDC_GROUPS_CLAIM',
  roleMapping: 'OIDC_ROLE_MAPPING',
  ssoOnly: 'OIDC_SSO_ONLY',
} as const;

/** "Set by OIDC_… in the environment" under a read-only field; nothing when the dashboard rules. */
export function useEnvNote(fromEnv: boolean) {
  const { t } = useTranslation('ssoSettings');
  return (field: keyof typeof ENV_VARIABLE) =>
    fromEnv ? t('setByEnv', { variable: ENV_VARIABLE[field] }) : undefined;
}
