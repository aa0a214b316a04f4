import { Stack } from '@mantine/core';
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { useSettingsQuery } from '@/lib/settings';

import { LockdownCard } from '../components/lockdown-card';
import { LogoUpload } from '../components/logo-upload';
import { SettingsForm } from '../components/settings-form';

export function SettingsPage() {
  const { t } = useTranslation('settings');
  const settings = useSettingsQuery();
  const { hash } = useLocation();
  const loaded = settings.isSuccess;
  // Links such as the first-run checklist's point at a section (#settings-company).
  useEffect(() => {
    if (loaded && hash) document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [loaded, hash]);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <QueryState query={settings}>
        {(data) => (
          <Stack gap="md">
            <SettingsForm settings={data} />
            <LogoUpload settings={data} />
            <LockdownCard />
          </Stack>
        )}
      </QueryState>
    </>
  );
}
