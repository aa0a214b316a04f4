import { Alert, Button, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { RateCreate, RateKind, RateResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { apiDelete, apiGet, apiPost, describeError, withQuery } from '@/lib/api-client';
import { formatDay, formatMoney } from '@/lib/format';
import { useInvalidateKeys, type Page } from '@/lib/resources';
import { useLocale } from '@/lib/settings';

/** Which level's rates: a client, a project (with its members' rates) or a user. */
export type RateOwner = { clientId: number } | { projectId: number } | { userId: number };

// Reports and the projects' and clients' "rate today" change with a rate.
const REFRESH = ['rates', 'projects', 'clients', 'reports'];

/**
 * The rate history of one client, project or user, newest first, and a form that sets a
 * billable or cost rate from a date (empty: today in the company's zone). On a project the list
 * also holds its members' rates (the user column says whose).
 */
export function RatesModal({
  owner,
  title,
  opened,
  onClose,
}: {
  owner: RateOwner;
  title: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('rates');
  const { currency } = useLocale();
  const [kind, setKind] = useState<RateKind>('billable');
  const [amount, setAmount] = useState('');
  const [from, setFrom] = useState('');
  const invalidate = useInvalidateKeys(REFRESH);
  const list = useQuery({
    queryKey: ['rates', 'list', owner],
    queryFn: ({ signal }) =>
      apiGet<Page<RateResponse>>(withQuery('/api/v1/rates', { ...owner, pageSize: 100 }), { signal }),
    enabled: opened,
  });
  const save = useMutation({
    mutationFn: (body: RateCreate) => apiPost<RateResponse>('/api/v1/rates', body),
    onSuccess: async () => {
      setAmount('');
      setFrom('');
      await invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/rates/${id}`),
    onSuccess: invalidate,
  });
  const submit = () =>
    save.mutate({ kind, ...owner, amount: amount.trim(), ...(from ? { effectiveFrom: from } : {}) });

  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('order')}
        </Text>
        {list.data && list.data.items.length === 0 && <Text size="sm">{t('none')}</Text>}
        {list.data && list.data.items.length > 0 && (
          <Table aria-label={t('history')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kind')}</Table.Th>
                <Table.Th>{t('level')}</Table.Th>
                <Table.Th>{t('from')}</Table.Th>
                <Table.Th ta="right">{t('amount')}</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">{t('delete')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{t(`kinds.${r.kind}`)}</Table.Td>
                  <Table.Td>
                    {r.level === 'member' ? t('member', { id: r.userId }) : t(`levels.${r.level}`)}
                  </Table.Td>
                  <Table.Td>{formatDay(r.effectiveFrom)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(r.amount, currency)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(r.id)}>
                      {t('delete')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {(save.error ?? remove.error) && (
          <Alert color="red">{describeError(save.error ?? remove.error)}</Alert>
        )}
        <Group align="flex-end" wrap="wrap">
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as RateKind)}
            data={[
              { value: 'billable', label: t('kinds.billable') },
              { value: 'cost', label: t('kinds.cost') },
            ]}
          />
          <TextInput
            label={t('amount')}
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            inputMode="decimal"
            w={120}
          />
          <TextInput
            label={t('from')}
            description={t('fromHint')}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <Button onClick={submit} loading={save.isPending} disabled={amount.trim() === ''}>
            {t('set')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
