import { Badge, Card, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { AUDIT_ENTITIES, type AuditEntity } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { ListFooter } from '@/components/list-footer';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { UserPicker } from '@/components/pickers';
import { useSearchState } from '@/hooks/use-search-state';
import { dayRangeToInstants } from '@/lib/dates';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useAuditEvents } from '../api/audit';
import { AuditDiff } from '../components/audit-diff';

const PAGE_SIZE = 25;

const ACTIONS = [
  'create',
  'update',
  'delete',
  'start',
  'stop',
  'pause',
  'resume',
  'idle_stop',
  'deactivate',
  'submit',
  'withdraw',
  'approve',
  'reject',
  'override',
  'lockdown',
  'two_factor_enable',
  'two_factor_disable',
  'two_factor_reset',
] as const;

/** The second factor's actions have their labels in a catalog section of their own. */
const TWO_FACTOR_ACTIONS = ['two_factor_enable', 'two_factor_disable', 'two_factor_reset'] as const;
type TwoFactorAction = (typeof TWO_FACTOR_ACTIONS)[number];
const isTwoFactorAction = (a: string): a is TwoFactorAction =>
  (TWO_FACTOR_ACTIONS as readonly string[]).includes(a);

/** Who changed what, when, before → after; filters live in the address (shareable, back button). */
export function AuditPage() {
  const { t } = useTranslation('audit');
  const tf = useTranslation('auditTwoFactor').t;
  const actionLabel = (a: string) =>
    isTwoFactorAction(a) ? tf(a) : t(`actions.${a}` as 'actions.create', { defaultValue: a });
  const { timezone } = useLocale();
  const search = useSearchState();
  const entity = search.get('entity') as AuditEntity | undefined;
  const from = search.get('from');
  const to = search.get('to');
  const page = search.getNumber('page') ?? 1;
  const events = useAuditEvents({
    entity: entity && (AUDIT_ENTITIES as readonly string[]).includes(entity) ? entity : undefined,
    entityId: search.getNumber('entityId'),
    actorId: search.getNumber('actor'),
    action: search.get('action'),
    ...(from && to ? dayRangeToInstants(from, to, timezone) : {}),
    page,
    pageSize: PAGE_SIZE,
  });

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Group align="flex-end" gap="sm" wrap="wrap" mb="md" role="search" aria-label={t('filters')}>
        <Select
          label={t('entity')}
          placeholder={t('anyEntity')}
          clearable
          data={AUDIT_ENTITIES.map((e) => ({ value: e, label: t(`entities.${e}`) }))}
          value={entity ?? null}
          onChange={(v) => search.set({ entity: v ?? undefined, page: undefined })}
          style={{ flex: '1 1 10rem' }}
        />
        <NumberInput
          label={t('entityId')}
          min={1}
          allowDecimal={false}
          value={search.getNumber('entityId') ?? ''}
          onChange={(v) => search.set({ entityId: typeof v === 'number' ? v : undefined, page: undefined })}
          style={{ flex: '1 1 7rem' }}
        />
        <UserPicker
          value={search.getNumber('actor') ?? null}
          onChange={(id) => search.set({ actor: id, page: undefined })}
          style={{ flex: '1 1 10rem' }}
        />
        <Select
          label={t('action')}
          placeholder={t('anyAction')}
          clearable
          data={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
          value={search.get('action') ?? null}
          onChange={(v) => search.set({ action: v ?? undefined, page: undefined })}
          style={{ flex: '1 1 9rem' }}
        />
        <DatePickerInput
          type="range"
          allowSingleDateInRange
          clearable
          label={t('days')}
          placeholder={t('anyDay')}
          value={[from ?? null, to ?? null]}
          onChange={([f, l]) => {
            if (f && !l) return; // wait for the end of the range
            search.set({ from: f?.slice(0, 10), to: l?.slice(0, 10), page: undefined });
          }}
          style={{ flex: '1 1 14rem' }}
        />
      </Group>
      <QueryState query={events}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState>
              <Text fw={500}>{t('empty.title')}</Text>
              <Text size="sm" c="dimmed">
                {t('empty.description')}
              </Text>
            </EmptyState>
          ) : (
            <Stack gap="sm">
              {data.items.map((e) => (
                <Card
                  key={e.id}
                  withBorder
                  padding="sm"
                  component="article"
                  aria-label={t('event', { id: e.id })}
                >
                  <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
                    <Group gap="xs" wrap="wrap">
                      <Badge variant="light">{actionLabel(e.action)}</Badge>
                      <Text size="sm" fw={500}>
                        {t('record', {
                          entity: t(`entities.${e.entity}`),
                          id: e.entityId ?? '—',
                        })}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.at, timezone)}
                    </Text>
                  </Group>
                  <Text size="sm" c="dimmed" mb={4}>
                    {e.via === 'system'
                      ? t('bySystem')
                      : t(e.via === 'token' ? 'byToken' : 'bySession', { name: e.actorUsername ?? '—' })}
                  </Text>
                  <AuditDiff event={e} timezone={timezone} />
                </Card>
              ))}
              <ListFooter
                total={data.total}
                page={page}
                pageSize={PAGE_SIZE}
                onPage={(p) => search.set({ page: p })}
                label={t('count', { count: data.total })}
              />
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
