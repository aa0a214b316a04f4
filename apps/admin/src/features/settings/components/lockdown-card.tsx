import { Button, Card, Group, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LockdownResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { apiGet, apiPut, describeError } from '@/lib/api-client';

/** The lockdown date (docs/approvals.md): time before it is locked for everyone but admins. */
export function LockdownCard() {
  const { t } = useTranslation('approvals');
  const queryClient = useQueryClient();
  const lockdown = useQuery({
    queryKey: ['approvals', 'lockdown'],
    queryFn: ({ signal }) => apiGet<LockdownResponse>('/api/v1/approvals/lockdown', { signal }),
  });
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const save = useMutation({
    mutationFn: (lockedBefore: string | null) =>
      apiPut<LockdownResponse>('/api/v1/approvals/lockdown', { lockedBefore }),
    onSuccess: (data) => {
      queryClient.setQueryData(['approvals', 'lockdown'], data);
      setValue(undefined);
      notifications.show({ color: 'teal', message: t('lockdownSaved') });
    },
    onError: (e) => notifications.show({ color: 'red', title: t('actionFailed'), message: describeError(e) }),
  });
  const current = value === undefined ? (lockdown.data?.lockedBefore ?? null) : value;

  return (
    <Card withBorder id="settings-lockdown">
      <Title order={2} size="h4" mb={4}>
        {t('lockdownTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('lockdownHint')}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <DatePickerInput
          label={t('lockedBefore')}
          value={current}
          onChange={(v) => setValue(v)}
          clearable
          w={220}
        />
        <Button loading={save.isPending} disabled={value === undefined} onClick={() => save.mutate(current)}>
          {t('saveLockdown')}
        </Button>
      </Group>
    </Card>
  );
}
