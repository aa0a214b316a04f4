import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { UserResponse } from '@timetracker/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';

import { useSession } from '@/lib/session';

/** Sends a signed-out visitor to sign in, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, expired, twoFactorEnrolmentRequired } = useSession();
  const location = useLocation();
  // settings.requireTwoFactor: nothing else answers until the user has a second factor.
  if (user && twoFactorEnrolmentRequired) return <Navigate to="/two-factor-setup" replace />;
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

type Role = UserResponse['role'];

/**
 * Admin screens: a signed-in user without the role is told so, never shown the page. `roles`
 * widens a screen to other roles too (the Teams page: accountants and managers read it).
 */
export function RequireAdmin({ children, roles = ['admin'] }: { children: ReactNode; roles?: Role[] }) {
  const { t } = useTranslation('app');
  const { user } = useSession();
  if (!user || !roles.includes(user.role)) {
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
