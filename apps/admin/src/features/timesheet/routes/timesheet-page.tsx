import {
  Box,
  Button,
  Card,
  ColorSwatch,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  addCalendarDays,
  formatHoursMinutes,
  weekDays,
  type TimesheetCell,
  type TimesheetResponse,
  type TimesheetRow,
} from '@timetracker/contracts';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

import { PageHeader } from '@/components/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/query-state';
import { describeError } from '@/lib/api-client';
import { dayjs, todayIn } from '@/lib/dates';
import { useLocale } from '@/lib/settings';

import { fetchPreviousRows, useTimesheet } from '../api/timesheet';
import { useWeeklyTargetSeconds } from '../api/weekly-target';
import { AddRowModal, type RowRef } from '../components/add-row-modal';
import { CellInput, focusCell } from '../components/cell-input';

const hm = (seconds: number) => formatHoursMinutes(seconds);
const rowLabel = (r: RowRef) => (r.taskName ? `${r.projectName} · ${r.taskName}` : r.projectName);
const dayName = (date: string) => dayjs(date).format('ddd D');
const longDay = (date: string) => dayjs(date).format('dddd D MMMM');

const emptyCell = (date: string): TimesheetCell => ({
  date,
  seconds: 0,
  entryCount: 0,
  entryIds: [],
  running: false,
  locked: false,
  lockedReason: null,
  mode: 'set',
});

/** The week's rows with time, then the rows added here (kept until the page is left). */
function rowsOf(week: TimesheetResponse, added: RowRef[]): TimesheetRow[] {
  const keys = new Set(week.rows.map((r) => r.key));
  const extra = added
    .filter((r) => !keys.has(r.key))
    .map((r) => ({ ...r, totalSeconds: 0, cells: week.days.map((d) => emptyCell(d.date)) }));
  return [...week.rows, ...extra];
}

export function TimesheetPage() {
  const { timezone } = useLocale();
  const [params, setParams] = useSearchParams();
  const today = todayIn(timezone);
  const start = weekDays(params.get('week') ?? today)[0]!;
  const sheet = useTimesheet(start);
  const [added, setAdded] = useState<Record<string, RowRef[]>>({});
  const [adding, setAdding] = useState(false);
  const [copying, setCopying] = useState(false);
  const target = useWeeklyTargetSeconds();
  const grid = useRef<HTMLDivElement>(null);
  const phone = useRef<HTMLDivElement>(null);
  const days = weekDays(start);
  const [phoneDay, setPhoneDay] = useState<string | null>(null);

  const goTo = (date: string) => setParams(date === weekDays(today)[0] ? {} : { week: date });
  const addRows = (rows: RowRef[]) =>
    setAdded((all) => {
      const mine = all[start] ?? [];
      const keys = new Set(mine.map((r) => r.key));
      return { ...all, [start]: [...mine, ...rows.filter((r) => !keys.has(r.key))] };
    });

  const copyLastWeek = async () => {
    setCopying(true);
    try {
      const { items } = await fetchPreviousRows(start);
      const have = new Set(sheet.data ? rowsOf(sheet.data, added[start] ?? []).map((r) => r.key) : []);
      const fresh = items.filter((r) => !have.has(r.key));
      addRows(fresh);
      notifications.show({
        color: items.length ? 'teal' : 'gray',
        message: items.length
          ? fresh.length
            ? `Added ${fresh.length} ${fresh.length === 1 ? 'row' : 'rows'} from last week`
            : 'This week already has every row of last week'
          : 'Last week has no rows to copy',
      });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: 'Could not copy last week’s rows',
        message: describeError(e),
      });
    } finally {
      setCopying(false);
    }
  };

  const week = sheet.data;
  const rows = week ? rowsOf(week, added[start] ?? []) : [];
  // The week shown (the one before, while the next loads): the phone's day is one of its days.
  const shownDates = week?.days.map((d) => d.date) ?? days;
  const shownDay =
    phoneDay && shownDates.includes(phoneDay)
      ? phoneDay
      : shownDates.includes(today)
        ? today
        : shownDates[0]!;
  const total = week?.totalSeconds ?? 0;

  return (
    <>
      <PageHeader
        title="Timesheet"
        description={`${dayjs(days[0]).format('D MMM')} – ${dayjs(days[6]).format('D MMM YYYY')} · times in ${timezone}`}
        actions={
          <>
            <Button variant="default" onClick={() => goTo(addCalendarDays(start, -7))}>
              Previous week
            </Button>
            <Button
              variant="default"
              onClick={() => goTo(weekDays(today)[0]!)}
              disabled={days.includes(today)}
            >
              This week
            </Button>
            <Button variant="default" onClick={() => goTo(addCalendarDays(start, 7))}>
              Next week
            </Button>
          </>
        }
      />
      {target !== null && target > 0 && (
        <Card withBorder mb="md" aria-label="Weekly target">
          <Group justify="space-between" mb={6} wrap="wrap">
            <Text fw={600}>
              {hm(total)} h of {hm(target)} h this week
            </Text>
            <Text size="sm" c="dimmed">
              {total >= target ? 'Target reached' : `${hm(target - total)} h to go`}
            </Text>
          </Group>
          <Progress
            value={Math.min(100, (total / target) * 100)}
            aria-label="Progress towards the weekly target"
            color={total >= target ? 'teal' : 'blue'}
          />
          {week?.hasRunningTimer && (
            <Text size="xs" c="dimmed" mt={6}>
              A timer is running: its time so far is included.
            </Text>
          )}
        </Card>
      )}
      <Group mb="md" gap="xs">
        <Button onClick={() => setAdding(true)}>Add row</Button>
        <Button variant="light" onClick={() => void copyLastWeek()} loading={copying}>
          Copy last week’s rows
        </Button>
      </Group>
      {sheet.isPending ? (
        <LoadingState label="Loading the week…" />
      ) : sheet.isError || !week ? (
        <ErrorState error={sheet.error} onRetry={() => void sheet.refetch()} />
      ) : (
        <>
          {rows.length === 0 && (
            <EmptyState>
              No time this week yet. Add a row, or copy last week’s rows, then type hours in a day.
            </EmptyState>
          )}
          {rows.length > 0 && (
            <>
              <Box visibleFrom="sm" ref={grid}>
                <Card withBorder padding={0}>
                  <Table.ScrollContainer minWidth={960}>
                    <Table aria-label="Timesheet" verticalSpacing={6} horizontalSpacing="xs">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Project · task</Table.Th>
                          {week.days.map((d) => (
                            <Table.Th
                              key={d.date}
                              ta="right"
                              c={d.date === today ? 'blue' : undefined}
                              aria-label={longDay(d.date)}
                            >
                              {dayName(d.date)}
                            </Table.Th>
                          ))}
                          <Table.Th ta="right">Total</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {rows.map((r, ri) => (
                          <Table.Tr key={r.key}>
                            <Table.Td>
                              <RowName row={r} />
                            </Table.Td>
                            {r.cells.map((c, ci) => (
                              <Table.Td key={c.date} w={100} style={{ verticalAlign: 'top' }}>
                                <CellInput
                                  cell={c}
                                  target={r}
                                  label={`${rowLabel(r)}, ${longDay(c.date)}`}
                                  position={`${ri}:${ci}`}
                                  onMove={(dr, dc) =>
                                    focusCell(
                                      grid.current,
                                      Math.max(0, Math.min(rows.length - 1, ri + dr)),
                                      Math.max(0, Math.min(6, ci + dc)),
                                    )
                                  }
                                />
                              </Table.Td>
                            ))}
                            <Table.Td ta="right" fw={600} aria-label={`Total of ${rowLabel(r)}`}>
                              {hm(r.totalSeconds)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                      <Table.Tfoot>
                        <Table.Tr>
                          <Table.Th>Total</Table.Th>
                          {week.days.map((d) => (
                            <Table.Th key={d.date} ta="right" aria-label={`Total of ${longDay(d.date)}`}>
                              {hm(d.totalSeconds)}
                            </Table.Th>
                          ))}
                          <Table.Th ta="right" aria-label="Week total">
                            {hm(week.totalSeconds)}
                          </Table.Th>
                        </Table.Tr>
                      </Table.Tfoot>
                    </Table>
                  </Table.ScrollContainer>
                </Card>
              </Box>
              <Stack hiddenFrom="sm" ref={phone} gap="sm">
                <SegmentedControl
                  aria-label="Day"
                  fullWidth
                  size="xs"
                  value={shownDay}
                  onChange={setPhoneDay}
                  data={week.days.map((d) => ({
                    value: d.date,
                    label: (
                      <Stack gap={0} align="center">
                        <Text size="xs">{dayjs(d.date).format('dd')}</Text>
                        <Text size="xs" c="dimmed">
                          {dayjs(d.date).format('D')}
                        </Text>
                      </Stack>
                    ),
                  }))}
                />
                <Group justify="space-between">
                  <Text fw={600}>{longDay(shownDay)}</Text>
                  <Text fw={600}>{hm(week.days.find((d) => d.date === shownDay)?.totalSeconds ?? 0)} h</Text>
                </Group>
                {rows.map((r, ri) => {
                  const ci = week.days.findIndex((d) => d.date === shownDay);
                  const c = r.cells[ci]!;
                  return (
                    <Card key={r.key} withBorder padding="sm">
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Box style={{ minWidth: 0 }}>
                          <RowName row={r} />
                          <Text size="xs" c="dimmed">
                            Week: {hm(r.totalSeconds)} h
                          </Text>
                        </Box>
                        <Box w={110}>
                          <CellInput
                            cell={c}
                            target={r}
                            label={`${rowLabel(r)}, ${longDay(c.date)}`}
                            position={`${ri}:${ci}`}
                            size="md"
                            onMove={(dr) =>
                              focusCell(phone.current, Math.max(0, Math.min(rows.length - 1, ri + dr)), ci)
                            }
                          />
                        </Box>
                      </Group>
                    </Card>
                  );
                })}
                <Text size="sm" ta="right" fw={600}>
                  Week total: {hm(week.totalSeconds)} h
                </Text>
              </Stack>
            </>
          )}
        </>
      )}
      <AddRowModal
        opened={adding}
        onClose={() => setAdding(false)}
        onAdd={(row) => {
          addRows([row]);
          setAdding(false);
        }}
      />
    </>
  );
}

function RowName({ row }: { row: RowRef }) {
  return (
    <Group gap={8} wrap="nowrap" align="flex-start">
      <ColorSwatch color={row.colour} size={12} mt={4} withShadow={false} aria-hidden />
      <Box style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} lineClamp={2}>
          {rowLabel(row)}
        </Text>
        {row.clientName && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {row.clientName}
          </Text>
        )}
      </Box>
    </Group>
  );
}
