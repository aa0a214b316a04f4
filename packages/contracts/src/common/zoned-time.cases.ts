// Local times around DST changes and the instants both the server and the dashboard must give
// them (the rule is at the top of zoned-time.ts). Shared by the contracts' tests and the
// dashboard's, so the two sides are held to the same table; not part of the package's build.

export interface ZonedTimeCase {
  what: string;
  zone: string;
  date: string;
  time: string;
  instant: string;
}

export const ZONED_TIME_CASES: readonly ZonedTimeCase[] = [
  // Rome: 2025-03-30 02:00 CET → 03:00 CEST; 2025-10-26 03:00 CEST → 02:00 CET.
  {
    what: 'Rome, winter',
    zone: 'Europe/Rome',
    date: '2025-12-01',
    time: '09:00',
    instant: '2025-12-01T08:00:00.000Z',
  },
  {
    what: 'Rome, summer',
    zone: 'Europe/Rome',
    date: '2025-08-25',
    time: '09:00',
    instant: '2025-08-25T07:00:00.000Z',
  },
  {
    what: 'Rome, last minute before the gap',
    zone: 'Europe/Rome',
    date: '2025-03-30',
    time: '01:59',
    instant: '2025-03-30T00:59:00.000Z',
  },
  {
    what: 'Rome, gap start (→ 03:00)',
    zone: 'Europe/Rome',
    date: '2025-03-30',
    time: '02:00',
    instant: '2025-03-30T01:00:00.000Z',
  },
  {
    what: 'Rome, in the gap (→ 03:30)',
    zone: 'Europe/Rome',
    date: '2025-03-30',
    time: '02:30',
    instant: '2025-03-30T01:30:00.000Z',
  },
  {
    what: 'Rome, first minute after the gap',
    zone: 'Europe/Rome',
    date: '2025-03-30',
    time: '03:00',
    instant: '2025-03-30T01:00:00.000Z',
  },
  {
    what: 'Rome, fold start (first)',
    zone: 'Europe/Rome',
    date: '2025-10-26',
    time: '02:00',
    instant: '2025-10-26T00:00:00.000Z',
  },
  {
    what: 'Rome, in the fold (first)',
    zone: 'Europe/Rome',
    date: '2025-10-26',
    time: '02:30',
    instant: '2025-10-26T00:30:00.000Z',
  },
  {
    what: 'Rome, after the fold',
    zone: 'Europe/Rome',
    date: '2025-10-26',
    time: '03:00',
    instant: '2025-10-26T02:00:00.000Z',
  },
  // New York: 2025-03-09 02:00 EST → 03:00 EDT; 2025-11-02 02:00 EDT → 01:00 EST.
  {
    what: 'New York, in the gap (→ 03:30)',
    zone: 'America/New_York',
    date: '2025-03-09',
    time: '02:30',
    instant: '2025-03-09T07:30:00.000Z',
  },
  {
    what: 'New York, in the fold (first)',
    zone: 'America/New_York',
    date: '2025-11-02',
    time: '01:30',
    instant: '2025-11-02T05:30:00.000Z',
  },
  {
    what: 'New York, after the fold',
    zone: 'America/New_York',
    date: '2025-11-02',
    time: '02:00',
    instant: '2025-11-02T07:00:00.000Z',
  },
  // Sydney (southern hemisphere: summer time over New Year): 2025-04-06 03:00 AEDT → 02:00 AEST;
  // 2025-10-05 02:00 AEST → 03:00 AEDT.
  {
    what: 'Sydney, in the fold (first)',
    zone: 'Australia/Sydney',
    date: '2025-04-06',
    time: '02:30',
    instant: '2025-04-05T15:30:00.000Z',
  },
  {
    what: 'Sydney, in the gap (→ 03:30)',
    zone: 'Australia/Sydney',
    date: '2025-10-05',
    time: '02:30',
    instant: '2025-10-04T16:30:00.000Z',
  },
  {
    what: 'Sydney, midsummer',
    zone: 'Australia/Sydney',
    date: '2026-01-15',
    time: '12:00',
    instant: '2026-01-15T01:00:00.000Z',
  },
  // Lord Howe moves its clocks by half an hour: 2025-04-06 02:00 (+11) → 01:30 (+10:30);
  // 2025-10-05 02:00 (+10:30) → 02:30 (+11).
  {
    what: 'Lord Howe, in the fold (first)',
    zone: 'Australia/Lord_Howe',
    date: '2025-04-06',
    time: '01:45',
    instant: '2025-04-05T14:45:00.000Z',
  },
  {
    what: 'Lord Howe, in the gap (→ 02:45)',
    zone: 'Australia/Lord_Howe',
    date: '2025-10-05',
    time: '02:15',
    instant: '2025-10-04T15:45:00.000Z',
  },
  // Kolkata: +05:30 all year, no changes.
  {
    what: 'Kolkata, half-hour offset',
    zone: 'Asia/Kolkata',
    date: '2025-03-30',
    time: '02:30',
    instant: '2025-03-29T21:00:00.000Z',
  },
  { what: 'UTC', zone: 'UTC', date: '2025-10-26', time: '02:30', instant: '2025-10-26T02:30:00.000Z' },
  // Havana skips midnight itself: 2025-03-09 00:00 CST → 01:00 CDT.
  {
    what: 'Havana, midnight in the gap (→ 01:00)',
    zone: 'America/Havana',
    date: '2025-03-09',
    time: '00:00',
    instant: '2025-03-09T05:00:00.000Z',
  },
];
