import { Alert, Button, List, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';

import { useCheckProvider } from '../api/sso';

/** "Check provider": discovery against the issuer in the form, and what came of it. */
export function ProviderCheck({ issuer }: { issuer: string }) {
  const { t } = useTranslation('ssoSettings');
  const check = useCheckProvider();
  const result = check.data;
  return (
    <Stack gap="xs">
      <Button
        variant="light"
        onClick={() => check.mutate(issuer.trim())}
        loading={check.isPending}
        disabled={issuer.trim() === ''}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('check')}
      </Button>
      {check.isSuccess && result && (
        <Alert color="teal" title={t('checkOk')} role="status">
          <List size="sm" spacing={2} style={{ overflowWrap: 'anywhere' }}>
            <List.Item>{t('checkAuthorization', { url: result.authorizationEndpoint })}</List.Item>
            <List.Item>{t('checkToken', { url: result.tokenEndpoint })}</List.Item>
            <List.Item>
              {result.endSessionEndpoint
                ? t('checkLogout', { url: result.endSessionEndpoint })
                : t('checkNoLogout')}
            </List.Item>
            {result.scopesSupported.length > 0 && (
              <List.Item>{t('checkScopes', { scopes: result.scopesSupported.join(' ') })}</List.Item>
            )}
          </List>
        </Alert>
      )}
      {check.isError && (
        <Alert color="red" title={t('checkFailed')} role="alert" style={{ overflowWrap: 'anywhere' }}>
          {describeError(check.error)}
        </Alert>
      )}
    </Stack>
  );
}
