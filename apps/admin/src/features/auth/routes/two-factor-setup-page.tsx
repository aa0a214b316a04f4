import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';

import { TwoFactorEnrolment } from '@/features/account/components/two-factor';
import { useSession } from '@/lib/session';

import { AuthCard } from './auth-card';

/**
 * Where settings.requireTwoFactor sends a signed-in user without a second factor: the set-up,
 * outside the app's shell (whose pages would all be refused until it is done).
 */
export function TwoFactorSetupPage() {
  const { t } = useTranslation('twoFactor');
  const { user, twoFactorEnrolmentRequired, refresh, signOut } = useSession();
  const navigate = useNavigate();
  if (!user) return <Navigate to="/sign-in" replace />;
  if (!twoFactorEnrolmentRequired) return <Navigate to="/" replace />;
  return (
    <AuthCard title={t('enrolTitle')}>
      <Text size="sm">{t('enrolIntro')}</Text>
      <TwoFactorEnrolment
        onDone={() => {
          void refresh().then(() => navigate('/', { replace: true }));
        }}
      />
      <Button variant="subtle" onClick={() => void signOut()}>
        {t('signOut')}
      </Button>
    </AuthCard>
  );
}
