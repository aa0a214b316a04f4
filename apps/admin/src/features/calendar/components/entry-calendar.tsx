import type {
  DateSelectArg,
  DatesSetArg,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventInput,
  LocaleInput,
} from '@fullcalendar/core';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import luxonPlugin, { toLuxonDateTime } from '@fullcalendar/luxon3';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import {
  addCalendarDays,
  type CalendarEntry,
  instantToZonedTime,
  projectColour,
} from '@timetracker/contracts';
import { IconLock, IconPlayerPlayFilled } from '@tabler/icons-react';
import { type Ref, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useNow } from '@/hooks/use-now';
import { type Language, toLanguage } from '@/i18n/i18n';

import classes from './entry-calendar.module.css';

export type CalendarView = 'timeGridDay' | 'timeGridWeek';

export interface EntryCalendarProps {
  entries: CalendarEntry[];
  timezone: string;
  initialView: CalendarView;
  /** YYYY-MM-DD in `timezone`; default today. */
  initialDate?: string;
  calendarRef?: Ref<FullCalendar>;
  /** New entries may be drawn (one's own calendar, or an admin's view of another's). */
  canCreate: boolean;
  onRange: (range: { from: string; to: string }) => void;
  /** A range dragged on empty space: instants. */
  onSelect: (range: { startTime: string; endTime: string }) => void;
  onOpen: (entry: CalendarEntry) => void;
  /** A block moved or resized; `revert` puts it back when the API refuses. */
  onReschedule: (change: {
    entry: CalendarEntry;
    startTime: string;
    endTime: string;
    revert: () => void;
  }) => void;
}

const TIME_FORMAT = { hour: '2-digit', minute: '2-digit', hour12: false } as const;

// FullCalendar's own words (day names, titles, its buttons' labels for screen readers) per
// language, each a chunk of its own fetched with the calendar; English is built in.
const CALENDAR_LOCALES: Record<Exclude<Language, 'en'>, () => Promise<{ default: LocaleInput }>> = {
  de: () => import('@fullcalendar/core/locales/de'),
  fr: () => import('@fullcalendar/core/locales/fr'),
  it: () => import('@fullcalendar/core/locales/it'),
  es: () => import('@fullcalendar/core/locales/es'),
};

/** The active language's FullCalendar locale: 'en' at once, another once its chunk is in. */
export function useCalendarLocale(language: Language): LocaleInput | 'en' | null {
  const [loaded, setLoaded] = useState<{ language: Language; locale: LocaleInput } | null>(null);
  useEffect(() => {
    if (language === 'en') return;
    let current = true;
    void CALENDAR_LOCALES[language]().then((m) => {
      if (current) setLoaded({ language, locale: m.default });
    });
    return () => {
      current = false;
    };
  }, [language]);
  if (language === 'en') return 'en';
  return loaded?.language === language ? loaded.locale : null;
}

/**
 * Where the grid opens: the working day from 07:30, unless it is now outside 07:30–17:30 in the
 * zone (a timer started at night), then two hours before now, so now is on screen.
 */
function openingScroll(timezone: string, today: boolean): string {
  if (!today) return '07:30:00';
  const [h = 0, m = 0] = instantToZonedTime(new Date(), timezone).time.split(':').map(Number);
  const minutes = h * 60 + m;
  if (minutes >= 450 && minutes <= 1050) return '07:30:00';
  const at = Math.max(0, minutes - 120);
  return `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}:00`;
}

/**
 * Day and week views of entries as blocks, in `timezone` (FullCalendar with its Luxon plugin:
 * the browser's zone plays no part). Drag, resize and selection are FullCalendar's; every change
 * is handed back as instants for the API to accept or refuse.
 */
export function EntryCalendar({
  entries,
  timezone,
  initialView,
  initialDate,
  calendarRef,
  canCreate,
  onRange,
  onSelect,
  onOpen,
  onReschedule,
}: EntryCalendarProps) {
  const { t, i18n } = useTranslation('calendar');
  const locale = useCalendarLocale(toLanguage(i18n.language) ?? 'en');
  const [scrollTime] = useState(() => openingScroll(timezone, initialDate === undefined));
  const running = entries.some((e) => e.running);
  // The running timer's block grows while the page is open.
  const now = useNow(30_000, running);

  const events = useMemo<EventInput[]>(
    () =>
      entries.map((entry) => {
        const fixed = entry.locked || entry.running;
        return {
          id: String(entry.id),
          title: [entry.projectName ?? t('noProject'), entry.taskName].filter(Boolean).join(' · '),
          start: entry.startTime,
          end: entry.endTime ?? new Date(Math.max(now, Date.parse(entry.startTime))).toISOString(),
          backgroundColor: projectColour(entry.projectId),
          borderColor: projectColour(entry.projectId),
          startEditable: !fixed,
          durationEditable: !fixed,
          classNames: [entry.locked ? classes.locked! : '', entry.running ? classes.running! : ''].filter(
            Boolean,
          ),
          extendedProps: { entry },
        };
      }),
    [entries, now, t],
  );

  const entryOf = (arg: { event: { extendedProps: Record<string, unknown> } }) =>
    arg.event.extendedProps.entry as CalendarEntry | undefined;

  const reschedule = (arg: EventDropArg | EventResizeDoneArg) => {
    const { event } = arg;
    const entry = entryOf(arg);
    if (!entry || !event.start || !event.end) return arg.revert();
    const calendar = arg.view.calendar;
    onReschedule({
      entry,
      startTime: toLuxonDateTime(event.start, calendar).toUTC().toISO()!,
      endTime: toLuxonDateTime(event.end, calendar).toUTC().toISO()!,
      revert: arg.revert,
    });
  };

  // Wait for the language's words rather than showing English day names for a moment.
  if (locale === null) return <div className={classes.calendar} aria-busy />;

  return (
    <div className={classes.calendar}>
      <FullCalendar
        ref={calendarRef}
        locale={locale}
        plugins={[luxonPlugin, timeGridPlugin, interactionPlugin]}
        timeZone={timezone}
        initialView={initialView}
        initialDate={initialDate}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridDay,timeGridWeek' }}
        buttonText={{ today: t('today'), day: t('day'), week: t('week') }}
        firstDay={1}
        allDaySlot={false}
        nowIndicator
        // The page's height less the header: the grid scrolls inside, opened at the working day.
        height="max(420px, calc(100dvh - 230px))"
        scrollTime={scrollTime}
        slotDuration="00:30:00"
        snapDuration="00:15:00"
        slotLabelFormat={TIME_FORMAT}
        eventTimeFormat={TIME_FORMAT}
        dayHeaderFormat={{ weekday: 'short', day: 'numeric', month: 'short' }}
        events={events}
        editable
        eventOverlap
        selectable={canCreate}
        selectMirror
        unselectAuto={false}
        selectLongPressDelay={300}
        eventLongPressDelay={300}
        datesSet={(arg: DatesSetArg) =>
          onRange({ from: arg.startStr.slice(0, 10), to: addCalendarDays(arg.endStr.slice(0, 10), -1) })
        }
        select={(arg: DateSelectArg) =>
          onSelect({
            startTime: toLuxonDateTime(arg.start, arg.view.calendar).toUTC().toISO()!,
            endTime: toLuxonDateTime(arg.end, arg.view.calendar).toUTC().toISO()!,
          })
        }
        eventClick={(arg: EventClickArg) => {
          arg.jsEvent.preventDefault();
          const entry = entryOf(arg);
          if (entry) onOpen(entry);
        }}
        eventDrop={reschedule}
        eventResize={reschedule}
        eventContent={(arg: EventContentArg) => <Block arg={arg} entry={entryOf(arg) ?? null} />}
      />
    </div>
  );
}

/** An entry's block, or (entry null) the range being drawn. */
function Block({ arg, entry }: { arg: EventContentArg; entry: CalendarEntry | null }) {
  const { t } = useTranslation('calendar');
  if (!entry) {
    return (
      <div className={classes.block}>
        <div className={classes.time}>{arg.timeText}</div>
      </div>
    );
  }
  const label = [
    arg.event.title,
    arg.timeText,
    entry.running ? t('running') : null,
    entry.locked ? t('locked') : null,
    entry.notes,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div className={classes.block} aria-label={label} data-entry-id={entry.id}>
      <div className={classes.time}>
        {entry.locked && <IconLock size={11} aria-hidden />}
        {entry.running && <IconPlayerPlayFilled size={11} aria-hidden />}
        {arg.timeText}
        {entry.running ? ` · ${t('running')}` : ''}
      </div>
      <div className={classes.title}>{arg.event.title}</div>
      {entry.notes && <div className={classes.notes}>{entry.notes}</div>}
    </div>
  );
}
