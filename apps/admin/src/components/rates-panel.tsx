import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { RateCreate, RateKind, RateResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { apiDelete, apiGet, apiPost, describeError, withQuery } from '@/lib/api-client';
import { formatDay, formatMoney } from '@/lib/format';
import { useProjectOptions, useUserOptions } from '@/lib/lookups';
import { useInvalidateKeys, type Page } from '@/lib/resources';
import { useLocale } from '@/lib/settings';

/** Which level's rates: a client, a project (with its members' rates) or a user. */
export type RateOwner = { clientId: number } | { projectId: number } | { userId: number };

// Reports and the projects' and clients' "rate today" change with a rate.
const REFRESH = ['rates', 'projects', 'clients', 'reports'];

/**
 * The rate history of one client, project or user, newest first, and a form that sets a
 * billable or cost rate from a date (empty: today in the company's zone). On a project the list
 * also holds its members' rates (the level says whose) and the form sets one for a member when
 * one is picked; on a user, their rates on single projects (member rates) show beside their own.
 * Only for admins (policy rates.change): the API refuses everyone else.
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
  const { t } = useTranslation(['rates', 'rateForms']);
  const { currency } = useLocale();
  const [kind, setKind] = useState<RateKind>('billable');
  const [amount, setAmount] = useState('');
  const [from, setFrom] = useState('');
  // On a project: the member the rate is for (null: the whole project).
  const [member, setMember] = useState<string | null>(null);
  const onProject = 'projectId' in owner;
  const users = useUserOptions(opened && (onProject || 'userId' in owner));
  const projects = useProjectOptions({ includeArchived: true });
  const username = (id: number | null) => users.data?.find((u) => u.id === id)?.username ?? `#${id}`;
  const projectName = (id: number | null) => projects.data?.find((p) => p.id === id)?.name ?? `#${id}`;
  const levelText = (r: RateResponse) => {
    if (r.level !== 'member') return t(`levels.${r.level}`);
    return onProject
      ? t('rateForms:memberOf', { name: username(r.userId) })
      : t('rateForms:onProject', { name: projectName(r.projectId) });
  };
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
    save.mutate({
      kind,
      ...owner,
      ...(onProject && member ? { userId: Number(member) } : {}),
      amount: amount.trim(),
      ...(from ? { effectiveFrom: from } : {}),
    });

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
                  <Table.Td>{levelText(r)}</Table.Td>
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
          {onProject && (
            <Select
              label={t('rateForms:member')}
              description={t('rateForms:memberHint')}
              placeholder={t('rateForms:wholeProject')}
              searchable
              clearable
              data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }))}
              value={member}
              onChange={setMember}
              w={200}
            />
          )}
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
