import { Stack } from '@mantine/core';

import { PageHeader } from '@/components/page-header';
import { useCurrentUser, useSession } from '@/lib/session';

import { PasswordForm } from '../components/password-form';
import { PreferencesForm } from '../components/preferences-form';
import { SessionsList } from '../components/sessions-list';

/** The signed-in person's own account: preferences, password and sessions. */
export function AccountPage() {
  const user = useCurrentUser();
  const { preferences } = useSession();
  return (
    <>
      <PageHeader title="My account" description={`Signed in as ${user.username}`} />
      <Stack gap="md">
        {preferences && <PreferencesForm preferences={preferences} />}
        <PasswordForm />
        <SessionsList />
      </Stack>
    </>
  );
}
