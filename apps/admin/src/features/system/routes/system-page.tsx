import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { JobStatus } from '@timetracker/contracts';

import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { formatBytes, formatDateTime, formatDuration } from '@/lib/format';
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
  const { timezone } = useLocale();
  const health = useHealth();
  const ready = useReadiness();
  const usage = useUsage();
  const info = useSystemInfo();

  return (
    <>
      <PageHeader title="System" description="How this server is doing." />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card withBorder padding="lg" component="section" aria-labelledby="sys-api">
            <Title order={2} size="h4" id="sys-api" mb="sm">
              API
            </Title>
            <QueryState query={health}>
              {(h) => (
                <Stack gap={4}>
                  <Group gap="xs">
                    <Badge color="teal">{h.status}</Badge>
                    <Text>Version {h.version}</Text>
                  </Group>
                  <Text size="sm" c="dimmed">
                    Up for {formatDuration(h.uptimeSeconds)}
                  </Text>
                </Stack>
              )}
            </QueryState>
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="sys-db">
            <Title order={2} size="h4" id="sys-db" mb="sm">
              Database
            </Title>
            <QueryState query={ready}>
              {(r) => (
                <Stack gap={4}>
                  <Group gap="xs">
                    <Badge color={r.checks.database.status === 'up' ? 'teal' : 'red'}>
                      {r.checks.database.status}
                    </Badge>
                    <Text size="sm">
                      {r.checks.database.status === 'up'
                        ? `answers in ${Math.round(r.checks.database.latencyMs ?? 0)} ms`
                        : (r.checks.database.error ?? 'no reason given')}
                    </Text>
                  </Group>
                  {r.checks.migrations && (
                    <Group gap="xs">
                      <Badge color={r.checks.migrations.status === 'up' ? 'teal' : 'red'} variant="light">
                        migrations {r.checks.migrations.status === 'up' ? 'applied' : 'pending'}
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
            Worker jobs
          </Title>
          <QueryState query={ready}>
            {(r) =>
              !r.checks.jobs || r.checks.jobs.length === 0 ? (
                <EmptyState>No job has run yet. Is the worker running?</EmptyState>
              ) : (
                <Table.ScrollContainer minWidth={600}>
                  <Table aria-label="Worker jobs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Job</Table.Th>
                        <Table.Th>Last run</Table.Th>
                        <Table.Th>Outcome</Table.Th>
                        <Table.Th>Took</Table.Th>
                        <Table.Th>Last success</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.checks.jobs.map((j) => (
                        <Table.Tr key={j.job}>
                          <Table.Td fw={500}>{j.job}</Table.Td>
                          <Table.Td>{formatDateTime(j.lastStartedAt, timezone)}</Table.Td>
                          <Table.Td>
                            <Badge color={OUTCOME_COLORS[j.lastOutcome]} variant="light">
                              {j.lastOutcome}
                            </Badge>
                          </Table.Td>
                          <Table.Td>{j.lastDurationMs === null ? '—' : `${j.lastDurationMs} ms`}</Table.Td>
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
            Usage, last 30 days
          </Title>
          <QueryState query={usage}>
            {(u) =>
              !u.enabled && u.totals.length === 0 ? (
                <EmptyState>Usage counting is off (Settings → Record usage counts).</EmptyState>
              ) : u.totals.length === 0 ? (
                <EmptyState>Nothing counted yet.</EmptyState>
              ) : (
                <Table aria-label="Usage">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Area</Table.Th>
                      <Table.Th ta="right">Requests</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {u.totals.map((t) => (
                      <Table.Tr key={t.routeGroup}>
                        <Table.Td>{t.routeGroup}</Table.Td>
                        <Table.Td ta="right">{t.count.toLocaleString()}</Table.Td>
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
  if (query.isPending) return null;
  if (query.isError) {
    return (
      <Text size="sm" c="dimmed" mt="xs">
        Size unknown ({describeError(query.error)})
      </Text>
    );
  }
  return (
    <Text size="sm" mt="xs" data-testid="database-size">
      {formatBytes(query.data.databaseSizeBytes)} on disk · PostgreSQL {query.data.serverVersion}
    </Text>
  );
}
