import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { JobStatus } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from '@/lib/format';
import { describeError } from '@/lib/api-client';
import { useLocale } from '@/lib/settings';

import { useHealth, useReadiness, useSystemInfo, useUsage } from '../api/system';

const OUTCOME_COLORS: Record<JobStatus['lastOutcome'], string> = {
  ok: 'teal',
  running: 'blue',
  failed: 'red',
  skipped: 'gray',
};

export function SystemPage() {
  const { t } = useTranslation('system');
  const { timezone } = useLocale();
  const health = useHealth();
  const ready = useReadiness();
  const usage = useUsage();
  const info = useSystemInfo();

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card withBorder padding="lg" component="section" aria-labelledby="sys-api">
            <Title order={2} size="h4" id="sys-api" mb="sm">
              {t('api')}
            </Title>
            <QueryState query={health}>
              {(h) => (
                <Stack gap={4}>
                  <Group gap="xs">
                    <Badge color="teal">{h.status}</Badge>
                    <Text>{t('version', { version: h.version })}</Text>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('upFor', { duration: formatDuration(h.uptimeSeconds) })}
                  </Text>
                </Stack>
              )}
            </QueryState>
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="sys-db">
            <Title order={2} size="h4" id="sys-db" mb="sm">
              {t('database')}
            </Title>
            <QueryState query={ready}>
              {(r) => (
                <Stack gap={4}>
                  <Group gap="xs">
                    <Badge color={r.checks.database.status === 'up' ? 'teal' : 'red'}>
                      {r.checks.database.status === 'up' ? t('up') : t('down')}
                    </Badge>
                    <Text size="sm">
                      {r.checks.database.status === 'up'
                        ? t('answersIn', { ms: Math.round(r.checks.database.latencyMs ?? 0) })
                        : (r.checks.database.error ?? t('noReason'))}
                    </Text>
                  </Group>
                  {r.checks.migrations && (
                    <Group gap="xs">
                      <Badge color={r.checks.migrations.status === 'up' ? 'teal' : 'red'} variant="light">
                        {r.checks.migrations.status === 'up'
                          ? t('migrationsApplied')
                          : t('migrationsPending')}
                      </Badge>
                      {r.checks.migrations.error && <Text size="sm">{r.checks.migrations.error}</Text>}
                    </Group>
                  )}
                </Stack>
              )}
            </QueryState>
            <DatabaseFacts query={info} />
          </Card>
        </SimpleGrid>

        <Card withBorder padding={0} component="section" aria-labelledby="sys-jobs">
          <Title order={2} size="h4" id="sys-jobs" p="md" pb={0}>
            {t('jobs')}
          </Title>
          <QueryState query={ready}>
            {(r) =>
              !r.checks.jobs || r.checks.jobs.length === 0 ? (
                <EmptyState>{t('noJobs')}</EmptyState>
              ) : (
                <Table.ScrollContainer minWidth={600}>
                  <Table aria-label={t('jobs')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('job')}</Table.Th>
                        <Table.Th>{t('lastRun')}</Table.Th>
                        <Table.Th>{t('outcome')}</Table.Th>
                        <Table.Th>{t('took')}</Table.Th>
                        <Table.Th>{t('lastSuccess')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.checks.jobs.map((j) => (
                        <Table.Tr key={j.job}>
                          <Table.Td fw={500}>{j.job}</Table.Td>
                          <Table.Td>{formatDateTime(j.lastStartedAt, timezone)}</Table.Td>
                          <Table.Td>
                            <Badge color={OUTCOME_COLORS[j.lastOutcome]} variant="light">
                              {t(`outcomes.${j.lastOutcome}`)}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            {j.lastDurationMs === null
                              ? '—'
                              : t('milliseconds', { ms: formatNumber(j.lastDurationMs) })}
                          </Table.Td>
                          <Table.Td>{formatDateTime(j.lastOkAt, timezone)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )
            }
          </QueryState>
        </Card>

        <Card withBorder padding={0} component="section" aria-labelledby="sys-usage">
          <Title order={2} size="h4" id="sys-usage" p="md" pb={0}>
            {t('usage')}
          </Title>
          <QueryState query={usage}>
            {(u) =>
              !u.enabled && u.totals.length === 0 ? (
                <EmptyState>{t('usageOff')}</EmptyState>
              ) : u.totals.length === 0 ? (
                <EmptyState>{t('nothingCounted')}</EmptyState>
              ) : (
                <Table aria-label={t('usage')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('area')}</Table.Th>
                      <Table.Th ta="right">{t('requests')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {u.totals.map((row) => (
                      <Table.Tr key={row.routeGroup}>
                        <Table.Td>{row.routeGroup}</Table.Td>
                        <Table.Td ta="right">{formatNumber(row.count)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )
            }
          </QueryState>
        </Card>
      </Stack>
    </>
  );
}

/** Size and server version: a failure here must not hide whether the database is up. */
function DatabaseFacts({ query }: { query: ReturnType<typeof useSystemInfo> }) {
  const { t } = useTranslation('system');
  if (query.isPending) return null;
  if (query.isError) {
    return (
      <Text size="sm" c="dimmed" mt="xs">
        {t('sizeUnknown', { reason: describeError(query.error) })}
      </Text>
    );
  }
  return (
    <Text size="sm" mt="xs" data-testid="database-size">
      {t('onDisk', { size: formatBytes(query.data.databaseSizeBytes), version: query.data.serverVersion })}
    </Text>
  );
}
