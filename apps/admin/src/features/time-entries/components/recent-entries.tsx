import { Anchor, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { EntryDuration } from '@/components/entry-duration';
import { EmptyState, QueryState } from '@/components/query-state';
import { formatDate, formatTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { useTimeEntries } from '../api/time-entries';
import { EntryBadges } from './entry-badges';

export function RecentEntries() {
  const { t } = useTranslation('timeEntries', { keyPrefix: 'recent' });
  const entries = useTimeEntries({ pageSize: 8, sort: '-startTime' });
  const { timezone } = useLocale();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="recent-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="recent-heading">
          {t('title')}
        </Title>
        <Anchor component={Link} to="/time-entries" size="sm">
          {t('all')}
        </Anchor>
      </Group>
      <QueryState query={entries}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t('empty')}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={480} className="phone-cards">
              <Table verticalSpacing="xs" striped>
                <Table.Tbody>
                  {page.items.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <Text size="sm">{formatDate(e.startTime, timezone)}</Text>
                        <Text size="xs" c="dimmed">
                          {`${formatTime(e.startTime, timezone)}–${e.endTime ? formatTime(e.endTime, timezone) : '…'}`}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {e.projectName ?? '—'}
                          {e.taskName ? ` · ${e.taskName}` : ''}
                        </Text>
                        {e.notes && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {e.notes}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <EntryBadges entry={e} timezone={timezone} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <EntryDuration entry={e} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Card>
  );
}
