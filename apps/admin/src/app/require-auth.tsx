import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';

import { useSession } from '@/lib/session';

/** Sends a signed-out visitor to sign in, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, expired } = useSession();
  const location = useLocation();
  if (!user) {
    const next = location.pathname + location.search;
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (expired) params.set('expired', '1');
    const search = params.toString();
    return <Navigate to={`/sign-in${search ? `?${search}` : ''}`} replace />;
  }
  return <>{children}</>;
}

/** Admin screens: a signed-in user without the role is told so, never shown the page. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { t } = useTranslation('app');
  const { isAdmin } = useSession();
  if (!isAdmin) {
    return (
      <Alert color="yellow" icon={<IconLock size={18} />} title={t('adminsOnly')} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('adminsOnlyBody')}</Text>
          <Button component={Link} to="/" size="xs" variant="light">
            {t('backToDashboard')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return <>{children}</>;
}
