import {
  Alert,
  Box,
  Button,
  Card,
  ColorSwatch,
  Group,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconFileTypePdf, IconLock } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import {
  addCalendarDays,
  formatHoursMinutes,
  weekDays,
  type TimesheetCell,
  type TimesheetDay,
  type TimesheetResponse,
  type TimesheetRow,
} from '@timetracker/contracts';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageHeader } from '@/components/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/query-state';
import { useNow } from '@/hooks/use-now';
import { describeError, withQuery } from '@/lib/api-client';
import { todayIn } from '@/lib/dates';
import { formatDayLabel, formatDayRange, formatLongDay, formatNumber, formatWeekday } from '@/lib/format';
import { useCurrentUser, useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

import { fetchPreviousRows, useTimesheet, useTimesheetPeople } from '../api/timesheet';
import { useWeeklyTargetSeconds } from '../api/weekly-target';
import { AddRowModal, type RowRef } from '../components/add-row-modal';
import { CellInput, focusCell } from '../components/cell-input';
import { WeekApproval } from '../components/week-approval';

const hm = (seconds: number) => formatHoursMinutes(seconds);
const rowLabel = (r: RowRef) => (r.taskName ? `${r.projectName} · ${r.taskName}` : r.projectName);
const dayName = (date: string) => formatDayLabel(date);
const longDay = (date: string) => formatLongDay(date);

/** A cell of a row added here: empty, locked as its day is (an admin still types in it). */
const emptyCell = (day: TimesheetDay, overrides: boolean): TimesheetCell => ({
  date: day.date,
  seconds: 0,
  entryCount: 0,
  entryIds: [],
  running: false,
  locked: day.locked,
  lockedBy: day.lockedBy,
  lockedReason: day.lockedReason,
  mode: day.locked && !overrides ? 'readOnly' : 'set',
});

/**
 * The week with a running timer's time counted up to `now`: the API measured it at `asOf`, so the
 * running cell, its row, its day and the week grow by the time since (not while it is paused).
 */
export function withLiveTimer(week: TimesheetResponse, now: number): TimesheetResponse {
  const since = Math.floor((now - Date.parse(week.asOf)) / 1000);
  if (!week.hasRunningTimer || week.runningTimerPaused || !(since > 0)) return week;
  const byDay = new Map<string, number>();
  const rows = week.rows.map((row) => {
    // A timer across midnight runs on in its last day's cell.
    let last = -1;
    row.cells.forEach((c, i) => {
      if (c.running) last = i;
    });
    if (last < 0) return row;
    const date = row.cells[last]!.date;
    byDay.set(date, (byDay.get(date) ?? 0) + since);
    return {
      ...row,
      totalSeconds: row.totalSeconds + since,
      cells: row.cells.map((c, i) => (i === last ? { ...c, seconds: c.seconds + since } : c)),
    };
  });
  if (byDay.size === 0) return week;
  const added = [...byDay.values()].reduce((a, b) => a + b, 0);
  return {
    ...week,
    rows,
    days: week.days.map((d) => ({ ...d, totalSeconds: d.totalSeconds + (byDay.get(d.date) ?? 0) })),
    totalSeconds: week.totalSeconds + added,
  };
}

/** The week's rows with time, then the rows added here (kept until the page is left). */
function rowsOf(week: TimesheetResponse, added: RowRef[], overrides: boolean): TimesheetRow[] {
  const keys = new Set(week.rows.map((r) => r.key));
  const extra = added
    .filter((r) => !keys.has(r.key))
    .map((r) => ({ ...r, totalSeconds: 0, cells: week.days.map((d) => emptyCell(d, overrides)) }));
  return [...week.rows, ...extra];
}

/**
 * The week's locked days, one line per kind of lock ("Mon 2, Tue 3: before the lockdown date…"):
 * said before anyone types, the cells of those days greyed.
 */
function LockedDays({ days, overrides }: { days: TimesheetDay[]; overrides: boolean }) {
  const { t } = useTranslation('timesheetLocks');
  const kinds = (['lockdown', 'submitted', 'approved'] as const).filter((k) =>
    days.some((d) => d.lockedBy === k),
  );
  if (kinds.length === 0) return null;
  return (
    <Alert
      color="gray"
      mb="md"
      icon={<IconLock size={18} />}
      title={t('bannerTitle')}
      aria-label={t('bannerTitle')}
    >
      {kinds.map((k) => (
        <Text size="sm" key={k}>
          {t('days', {
            days: days
              .filter((d) => d.lockedBy === k)
              .map((d) => formatDayLabel(d.date))
              .join(', '),
            reason: t(k),
          })}
        </Text>
      ))}
      {overrides && (
        <Text size="sm" mt={4} c="dimmed">
          {t('override')}
        </Text>
      )}
    </Alert>
  );
}

export function TimesheetPage() {
  const { t } = useTranslation('timesheet');
  const { t: tl } = useTranslation('timesheetLocks');
  const { t: td } = useTranslation('downloads');
  const { timezone } = useLocale();
  const me = useCurrentUser();
  // Admins write locked time (recorded as an override): their cells of a locked day stay open.
  const { isAdmin } = useSession();
  const [params, setParams] = useSearchParams();
  const today = todayIn(timezone);
  const start = weekDays(params.get('week') ?? today)[0]!;
  // ?user=<id>: another user's timesheet, for admins and that user's team leads.
  const people = useTimesheetPeople();
  const asked = Number(params.get('user'));
  const userId = Number.isInteger(asked) && asked > 0 ? asked : me.id;
  const own = userId === me.id;
  const sheet = useTimesheet(start, { userId, own });
  const addedKey = `${userId}:${start}`;
  const [added, setAdded] = useState<Record<string, RowRef[]>>({});
  const [adding, setAdding] = useState(false);
  const [copying, setCopying] = useState(false);
  const target = useWeeklyTargetSeconds();
  const grid = useRef<HTMLDivElement>(null);
  const phone = useRef<HTMLDivElement>(null);
  const days = weekDays(start);
  const [phoneDay, setPhoneDay] = useState<string | null>(null);

  const search = (date: string, user: number) => ({
    ...(date === weekDays(today)[0] ? {} : { week: date }),
    ...(user === me.id ? {} : { user: String(user) }),
  });
  const goTo = (date: string) => setParams(search(date, userId));
  const addRows = (rows: RowRef[]) =>
    setAdded((all) => {
      const mine = all[addedKey] ?? [];
      const keys = new Set(mine.map((r) => r.key));
      return { ...all, [addedKey]: [...mine, ...rows.filter((r) => !keys.has(r.key))] };
    });

  const copyLastWeek = async () => {
    setCopying(true);
    try {
      const { items } = await fetchPreviousRows(start, own ? undefined : userId);
      const have = new Set(
        sheet.data ? rowsOf(sheet.data, added[addedKey] ?? [], isAdmin).map((r) => r.key) : [],
      );
      const fresh = items.filter((r) => !have.has(r.key));
      addRows(fresh);
      notifications.show({
        color: items.length ? 'teal' : 'gray',
        message: items.length
          ? fresh.length
            ? t('copied', { count: fresh.length })
            : t('haveAllRows')
          : t('nothingToCopy'),
      });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: t('copyFailed'),
        message: describeError(e),
      });
    } finally {
      setCopying(false);
    }
  };

  // The running timer's cell and the totals it is part of tick while the page is open.
  const now = useNow(1000, (sheet.data?.hasRunningTimer ?? false) && !sheet.data?.runningTimerPaused);
  const week = sheet.data && withLiveTimer(sheet.data, now);
  const rows = week ? rowsOf(week, added[addedKey] ?? [], isAdmin) : [];
  const whose = own ? undefined : userId;
  const others = (people.data ?? []).length > 1;
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
        title={t('title')}
        description={t('description', {
          range: formatDayRange(days[0]!, days[6]!),
          // Another user's week is cut in their zone (the API says which).
          zone: sheet.data?.timeZone ?? timezone,
        })}
        actions={
          <>
            {others && (
              <Select
                aria-label={tl('whose')}
                placeholder={tl('whose')}
                searchable
                w={200}
                allowDeselect={false}
                data={(people.data ?? []).map((p) => ({ value: String(p.id), label: p.username }))}
                value={String(userId)}
                onChange={(value) => value && setParams(search(start, Number(value)))}
              />
            )}
            <Button variant="default" onClick={() => goTo(addCalendarDays(start, -7))}>
              {t('previousWeek')}
            </Button>
            <Button
              variant="default"
              onClick={() => goTo(weekDays(today)[0]!)}
              disabled={days.includes(today)}
            >
              {t('thisWeek')}
            </Button>
            <Button variant="default" onClick={() => goTo(addCalendarDays(start, 7))}>
              {t('nextWeek')}
            </Button>
          </>
        }
      />
      {own ? (
        <WeekApproval week={start} />
      ) : (
        <Alert color="blue" mb="md" aria-label={tl('whose')}>
          {tl('viewing', {
            name: people.data?.find((p) => p.id === userId)?.username ?? `#${userId}`,
          })}
        </Alert>
      )}
      {week && <LockedDays days={week.days} overrides={isAdmin} />}
      {/* The target is the viewer's own preference: not shown on someone else's week. */}
      {own && target !== null && target > 0 && (
        <Card withBorder mb="md" aria-label={t('weeklyTarget')}>
          <Group justify="space-between" mb={6} wrap="wrap">
            <Text fw={600}>{t('targetProgress', { done: hm(total), target: hm(target) })}</Text>
            <Text size="sm" c="dimmed">
              {total >= target ? t('targetReached') : t('toGo', { time: hm(target - total) })}
            </Text>
          </Group>
          <Progress
            value={Math.min(100, (total / target) * 100)}
            aria-label={t('targetBar')}
            color={total >= target ? 'teal' : 'blue'}
          />
          {week?.hasRunningTimer && (
            <Text size="xs" c="dimmed" mt={6}>
              {t('runningIncluded')}
            </Text>
          )}
        </Card>
      )}
      <Group mb="md" gap="xs">
        <Button onClick={() => setAdding(true)}>{t('addRow')}</Button>
        <Button variant="light" onClick={() => void copyLastWeek()} loading={copying}>
          {t('copyLastWeek')}
        </Button>
        {/* The shown user's week (or the month of its first day) as a PDF to sign. */}
        {(['week', 'month'] as const).map((period) => (
          <Button
            key={period}
            component="a"
            href={withQuery('/api/v1/exports/timesheet.pdf', { period, date: start, userId: whose })}
            download
            variant="default"
            title={td('pdfNote')}
            leftSection={<IconFileTypePdf size={16} />}
          >
            {td(period === 'week' ? 'pdfWeek' : 'pdfMonth')}
          </Button>
        ))}
      </Group>
      {sheet.isPending ? (
        <LoadingState label={t('loading')} />
      ) : sheet.isError || !week ? (
        <ErrorState error={sheet.error} onRetry={() => void sheet.refetch()} />
      ) : (
        <>
          {rows.length === 0 && <EmptyState>{t('empty')}</EmptyState>}
          {rows.length > 0 && (
            <>
              <Box visibleFrom="sm" ref={grid}>
                <Card withBorder padding={0}>
                  <Table.ScrollContainer minWidth={960}>
                    <Table aria-label={t('table')} verticalSpacing={6} horizontalSpacing="xs">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('projectTask')}</Table.Th>
                          {week.days.map((d) => (
                            <Table.Th
                              key={d.date}
                              ta="right"
                              c={d.date === today ? 'blue' : undefined}
                              aria-label={longDay(d.date)}
                              data-locked={d.lockedBy ?? undefined}
                            >
                              {d.locked && (
                                <IconLock
                                  size={12}
                                  aria-hidden
                                  style={{ marginRight: 4, verticalAlign: 'middle' }}
                                />
                              )}
                              {dayName(d.date)}
                            </Table.Th>
                          ))}
                          <Table.Th ta="right">{t('total')}</Table.Th>
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
                                  userId={whose}
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
                            <Table.Td ta="right" fw={600} aria-label={t('totalOf', { name: rowLabel(r) })}>
                              {hm(r.totalSeconds)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                      <Table.Tfoot>
                        <Table.Tr>
                          <Table.Th>{t('total')}</Table.Th>
                          {week.days.map((d) => (
                            <Table.Th
                              key={d.date}
                              ta="right"
                              aria-label={t('totalOf', { name: longDay(d.date) })}
                            >
                              {hm(d.totalSeconds)}
                            </Table.Th>
                          ))}
                          <Table.Th ta="right" aria-label={t('weekTotal')}>
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
                  aria-label={t('day')}
                  fullWidth
                  size="xs"
                  value={shownDay}
                  onChange={setPhoneDay}
                  data={week.days.map((d) => ({
                    value: d.date,
                    label: (
                      <Stack gap={0} align="center">
                        <Text size="xs">{formatWeekday(d.date)}</Text>
                        <Text size="xs" c="dimmed">
                          {formatNumber(Number(d.date.slice(8, 10)))}
                        </Text>
                      </Stack>
                    ),
                  }))}
                />
                <Group justify="space-between">
                  <Text fw={600}>{longDay(shownDay)}</Text>
                  <Text fw={600}>
                    {t('hours', { time: hm(week.days.find((d) => d.date === shownDay)?.totalSeconds ?? 0) })}
                  </Text>
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
                            {t('rowWeek', { time: hm(r.totalSeconds) })}
                          </Text>
                        </Box>
                        <Box w={110}>
                          <CellInput
                            cell={c}
                            target={r}
                            label={`${rowLabel(r)}, ${longDay(c.date)}`}
                            position={`${ri}:${ci}`}
                            userId={whose}
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
                  {t('weekTotalLine', { time: hm(week.totalSeconds) })}
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
