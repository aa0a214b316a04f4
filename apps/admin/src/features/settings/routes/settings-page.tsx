import { Stack } from '@mantine/core';

import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { useSettingsQuery } from '@/lib/settings';

import { LogoUpload } from '../components/logo-upload';
import { SettingsForm } from '../components/settings-form';

export function SettingsPage() {
  const settings = useSettingsQuery();
  return (
    <>
      <PageHeader title="Settings" description="For everyone on this server." />
      <QueryState query={settings}>
        {(data) => (
          <Stack gap="md">
            <SettingsForm settings={data} />
            <LogoUpload settings={data} />
          </Stack>
        )}
      </QueryState>
    </>
  );
}
