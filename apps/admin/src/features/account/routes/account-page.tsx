import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { useCurrentUser, useSession } from '@/lib/session';

import { CalendarFeedSection } from '../components/calendar-feed';
import { MailSection } from '../components/mail-form';
import { PasswordForm } from '../components/password-form';
import { PreferencesForm } from '../components/preferences-form';
import { SessionsList } from '../components/sessions-list';
import { TwoFactorSection } from '../components/two-factor';

/** The signed-in person's own account: preferences, password, second factor, calendar feed, sessions. */
export function AccountPage() {
  const { t } = useTranslation('account');
  const user = useCurrentUser();
  const { preferences } = useSession();
  return (
    <>
      <PageHeader title={t('title')} description={t('signedInAs', { username: user.username })} />
      <Stack gap="md">
        {preferences && <PreferencesForm preferences={preferences} />}
        <MailSection />
        <PasswordForm />
        <TwoFactorSection />
        <CalendarFeedSection />
        <SessionsList />
      </Stack>
    </>
  );
}
