import { Alert, Button, Card, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type FullCalendar from '@fullcalendar/react';
import { IconPlus } from '@tabler/icons-react';
import type { CalendarEntry } from '@timetracker/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageHeader } from '@/components/page-header';
import { type CalendarRange, useCalendar, useRescheduleEntry } from '@/features/calendar/api/calendar';
import { type CalendarView, EntryCalendar } from '@/features/calendar/components/entry-calendar';
import { EntryFormModal, type NewEntryDefaults } from '@/features/time-entries/components/entry-form';
import { describeError } from '@/lib/api-client';
import { useUserOptions } from '@/lib/lookups';
import { useCurrentUser, useSession } from '@/lib/session';
import { useLocale } from '@/lib/settings';

/** Phones start on one day: a week's seven columns do not fit 390 px. */
const PHONE = '(max-width: 47.99em)';
/** A finger (not a mouse) is the main pointer: drawing and moving start with a long press there. */
const TOUCH = '(pointer: coarse)';

type Editing = { entry: CalendarEntry } | { defaults: NewEntryDefaults } | null;

/**
 * The calendar composes the calendar's blocks with the time entries' form: drawing a range opens
 * the form with its times, a click opens the entry, and moves go through the same PATCH.
 */
export function CalendarPage() {
  const { t } = useTranslation('calendar');
  const [touch] = useState(() => window.matchMedia(TOUCH).matches);
  const user = useCurrentUser();
  const { isAdmin } = useSession();
  const { timezone } = useLocale();
  const [initialView] = useState<CalendarView>(() =>
    window.matchMedia(PHONE).matches ? 'timeGridDay' : 'timeGridWeek',
  );
  // ?date=YYYY-MM-DD opens on that day's week (a link to a day; the browser tests' fixed dates).
  const [search] = useSearchParams();
  const [initialDate] = useState(() => {
    const date = search.get('date');
    return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
  });
  const [days, setDays] = useState<{ from: string; to: string } | null>(null);
  const [userId, setUserId] = useState<number | undefined>(undefined);
  const [editing, setEditing] = useState<Editing>(null);
  const calendarRef = useRef<FullCalendar>(null);
  const users = useUserOptions(isAdmin);
  const range: CalendarRange | null = days && { ...days, ...(userId === undefined ? {} : { userId }) };
  const calendar = useCalendar(range);
  const reschedule = useRescheduleEntry();
  // A block clicked while its move is being saved and read back: opened once the calendar holds
  // the new times, so the form cannot put the old ones back.
  const [waitingFor, setWaitingFor] = useState<number | null>(null);

  const open = (entry: CalendarEntry) => {
    if (entry.locked) {
      notifications.show({
        color: 'gray',
        title: t('lockedTitle'),
        message: entry.lockedReason ?? t('lockedMessage'),
      });
      return;
    }
    setEditing({ entry });
  };
  useEffect(() => {
    if (waitingFor === null || reschedule.isPending) return;
    setWaitingFor(null);
    const fresh = calendar.data?.items.find((e) => e.id === waitingFor);
    if (fresh) open(fresh);
  }, [waitingFor, reschedule.isPending, calendar.data]);

  const close = () => {
    setEditing(null);
    calendarRef.current?.getApi().unselect();
  };
  const forViewed = (defaults: NewEntryDefaults): NewEntryDefaults =>
    userId === undefined || userId === user.id ? defaults : { ...defaults, userId };

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t(touch ? 'hintTouch' : 'hint', { zone: timezone })}
        actions={
          <>
            {isAdmin && (
              <Select
                aria-label={t('whose')}
                placeholder={t('whose')}
                searchable
                w={200}
                data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }))}
                value={String(userId ?? user.id)}
                onChange={(value) =>
                  setUserId(value === null || Number(value) === user.id ? undefined : Number(value))
                }
              />
            )}
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                const end = Math.floor(Date.now() / 60_000) * 60_000;
                setEditing({
                  defaults: forViewed({
                    startTime: new Date(end - 3_600_000).toISOString(),
                    endTime: new Date(end).toISOString(),
                  }),
                });
              }}
            >
              {t('addEntry')}
            </Button>
          </>
        }
      />
      {calendar.isError && (
        <Alert color="red" role="alert" mb="sm">
          {describeError(calendar.error)}
        </Alert>
      )}
      <Card withBorder padding="sm" aria-busy={calendar.isFetching}>
        <EntryCalendar
          calendarRef={calendarRef}
          entries={calendar.data?.items ?? []}
          timezone={timezone}
          initialView={initialView}
          initialDate={initialDate}
          canCreate
          onRange={(next) =>
            setDays((prev) => (prev?.from === next.from && prev.to === next.to ? prev : next))
          }
          onSelect={(times) => setEditing({ defaults: forViewed(times) })}
          onOpen={(entry) => {
            if (reschedule.isPending && reschedule.variables?.id === entry.id) setWaitingFor(entry.id);
            else open(entry);
          }}
          onReschedule={({ entry, startTime, endTime, revert }) =>
            reschedule.mutate(
              { id: entry.id, startTime, endTime },
              {
                onError: (error) => {
                  revert();
                  notifications.show({
                    color: 'red',
                    title: t('notMoved'),
                    message: describeError(error),
                    autoClose: 10_000,
                  });
                },
              },
            )
          }
        />
      </Card>
      <EntryFormModal
        opened={editing !== null}
        entry={editing && 'entry' in editing ? editing.entry : null}
        defaults={editing && 'defaults' in editing ? editing.defaults : undefined}
        onClose={close}
      />
    </>
  );
}
