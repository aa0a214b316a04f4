import { Badge, Button, Card, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';

import { useOwnWeek, useSubmitWeek, useWithdrawWeek } from '../api/week-approval';

const COLOUR = { submitted: 'blue', approved: 'teal', rejected: 'red', withdrawn: 'gray' } as const;

/** The week's approval status with "Submit week" or "Withdraw" (docs/approvals.md). */
export function WeekApproval({ week }: { week: string }) {
  const { t } = useTranslation('approvals');
  const own = useOwnWeek(week);
  const submit = useSubmitWeek();
  const withdraw = useWithdrawWeek();
  if (!own.data) return null;
  const approval = own.data.approval;
  const status = approval?.status ?? null;

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      notifications.show({ color: 'teal', message: done });
    } catch (e) {
      notifications.show({ color: 'red', title: t('actionFailed'), message: describeError(e) });
    }
  };

  return (
    <Card withBorder mb="md" aria-label={t('weekApproval')}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text fw={600}>{t('weekStatus')}</Text>
          <Badge color={status ? COLOUR[status] : 'gray'} variant={status ? 'filled' : 'outline'}>
            {t(status ? `status.${status}` : 'status.open')}
          </Badge>
        </Group>
        {status === 'submitted' && approval ? (
          <Button
            variant="default"
            loading={withdraw.isPending}
            onClick={() => void act(() => withdraw.mutateAsync(approval.id), t('withdrawn'))}
          >
            {t('withdraw')}
          </Button>
        ) : status !== 'approved' ? (
          <Button
            loading={submit.isPending}
            onClick={() => void act(() => submit.mutateAsync(week), t('submitted'))}
          >
            {t('submit')}
          </Button>
        ) : null}
      </Group>
      {status === 'submitted' && (
        <Text size="sm" c="dimmed" mt={6}>
          {t('lockedWhileSubmitted')}
        </Text>
      )}
      {status === 'approved' && (
        <Text size="sm" c="dimmed" mt={6}>
          {t('lockedApproved')}
        </Text>
      )}
      {approval?.note && (
        <Text size="sm" mt={6}>
          {t('noteFrom', { name: approval.decidedByName ?? '', note: approval.note })}
        </Text>
      )}
    </Card>
  );
}
