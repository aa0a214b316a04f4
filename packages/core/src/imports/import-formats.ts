import type { ImportField, ImportFormat, ImportMapping } from '@timetracker/contracts';

/**
 * The CSV exports the import reads (docs/import.md), with the header names their products
 * write. Sources: Toggl Track's detailed report (User/Member, Email, Client, Project, Task,
 * Description, Billable, Start date, Start time, End date, End time, Duration, Tags), as
 * solidtime's TogglTimeEntriesImporter reads it; Clockify's detailed report (Project, Client,
 * Description, Task, User, Group, Email, Tags, Billable, Start Date, Start Time, End Date,
 * End Time, Duration (h), …: dates MM/DD/YYYY, 12- or 24-hour times); Kimai's default CSV
 * export template (kimai src/Export/DefaultTemplate.php: Date, From, To, Duration, …, Name,
 * User, E-mail, …, Customer, Project, Activity, Description, Billable, Tags; English or German
 * headers); solidtime's detailed time entries CSV (TimeEntriesDetailedCsvExport: Description,
 * Task, Project, Client, User, Start, End, Duration, Duration (decimal), Billable, Tags; times
 * 'Y-m-d H:i:s' in the exporter's zone).
 */

/** Where a format reads start and end: one column each, or a date with two times. */
export type TimeLayout =
  | { kind: 'instants' } // start, end: ISO 8601 with an offset, or a local 'YYYY-MM-DD HH:MM[:SS]'
  | { kind: 'date-times'; dateStyle: 'iso' | 'us' }; // start date + start time (+ end date + end time)

export interface FormatSpec {
  format: ImportFormat;
  /** Field → the header names it may have (the first one present wins). */
  columns: Partial<Record<ImportField | 'endDate', readonly string[]>>;
  /** Headers that must all be there for the format to be detected. */
  signature: readonly string[];
  layout: TimeLayout;
  /** Kimai gives the end as a time of the start's day: an earlier time is past midnight. */
  endWrapsMidnight?: boolean;
}

const TOGGL: FormatSpec = {
  format: 'toggl',
  columns: {
    user: ['User', 'Member'],
    email: ['Email'],
    client: ['Client'],
    project: ['Project'],
    task: ['Task'],
    description: ['Description'],
    billable: ['Billable'],
    date: ['Start date'],
    startTime: ['Start time'],
    endDate: ['End date', 'Stop date'],
    endTime: ['End time', 'Stop time'],
    duration: ['Duration'],
    tags: ['Tags'],
  },
  signature: ['Start date', 'Start time', 'Duration'],
  layout: { kind: 'date-times', dateStyle: 'iso' },
};

const CLOCKIFY: FormatSpec = {
  format: 'clockify',
  columns: {
    user: ['User'],
    email: ['Email'],
    client: ['Client'],
    project: ['Project'],
    task: ['Task'],
    description: ['Description'],
    billable: ['Billable'],
    date: ['Start Date'],
    startTime: ['Start Time'],
    endDate: ['End Date'],
    endTime: ['End Time'],
    duration: ['Duration (h)'],
    tags: ['Tags'],
  },
  signature: ['Start Date', 'Start Time', 'End Date', 'End Time', 'Duration (h)'],
  layout: { kind: 'date-times', dateStyle: 'us' },
};

const KIMAI: FormatSpec = {
  format: 'kimai',
  columns: {
    date: ['Date', 'Datum'],
    startTime: ['From', 'Von'],
    endTime: ['To', 'Bis'],
    duration: ['Duration', 'Dauer'],
    user: ['User', 'Benutzer'],
    email: ['E-mail', 'E-Mail'],
    client: ['Customer', 'Kunde'],
    project: ['Project', 'Projekt'],
    task: ['Activity', 'Tätigkeit'],
    description: ['Description', 'Beschreibung'],
    billable: ['Billable', 'Abrechenbar'],
    tags: ['Tags', 'Schlagworte'],
  },
  signature: ['Customer', 'Activity'],
  layout: { kind: 'date-times', dateStyle: 'iso' },
  endWrapsMidnight: true,
};

const KIMAI_DE: FormatSpec = { ...KIMAI, signature: ['Kunde', 'Tätigkeit'] };

const SOLIDTIME: FormatSpec = {
  format: 'solidtime',
  columns: {
    description: ['Description'],
    task: ['Task'],
    project: ['Project'],
    client: ['Client'],
    user: ['User'],
    start: ['Start'],
    end: ['End'],
    duration: ['Duration'],
    billable: ['Billable'],
    tags: ['Tags'],
  },
  signature: ['Start', 'End', 'Duration (decimal)', 'User'],
  layout: { kind: 'instants' },
};

/** The generic CSV: each field under its own name (any case, _ or space), unless mapped. */
const GENERIC: FormatSpec = {
  format: 'generic',
  columns: {
    start: ['start', 'start_time', 'started_at'],
    end: ['end', 'end_time', 'stop', 'ended_at'],
    date: ['date'],
    startTime: ['start time', 'from'],
    endTime: ['end time', 'to'],
    duration: ['duration', 'duration_seconds'],
    email: ['email', 'user_email'],
    user: ['user', 'username', 'user_name'],
    client: ['client', 'customer'],
    project: ['project'],
    task: ['task', 'activity'],
    description: ['description', 'notes'],
    tags: ['tags'],
    billable: ['billable'],
    id: ['id'],
  },
  signature: [],
  layout: { kind: 'instants' },
};

const SPECS: Record<ImportFormat, FormatSpec> = {
  toggl: TOGGL,
  clockify: CLOCKIFY,
  kimai: KIMAI,
  solidtime: SOLIDTIME,
  generic: GENERIC,
};

/** Header names as a file has them: a UTF-8 byte order mark and outer spaces dropped. */
export function cleanHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim();
}

/** The format whose headers the file has; generic when none fits. */
export function detectFormat(headers: readonly string[]): ImportFormat {
  const present = new Set(headers.map(cleanHeader));
  for (const spec of [CLOCKIFY, TOGGL, SOLIDTIME, KIMAI, KIMAI_DE])
    if (spec.signature.every((h) => present.has(h))) return spec.format;
  return 'generic';
}

const loose = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, ' ');

/**
 * Which header each field is read from: the mapping's choice (generic), else the format's
 * names. Only headers the file has; for generic, names match ignoring case, spaces and _.
 */
export function resolveColumns(
  format: ImportFormat,
  headers: readonly string[],
  mapping: ImportMapping = {},
): Partial<Record<ImportField | 'endDate', string>> {
  const clean = headers.map(cleanHeader);
  const spec = SPECS[format];
  const out: Partial<Record<ImportField | 'endDate', string>> = {};
  for (const [field, names] of Object.entries(spec.columns) as [
    ImportField | 'endDate',
    readonly string[],
  ][]) {
    const found =
      format === 'generic'
        ? clean.find((h) => names.some((n) => loose(n) === loose(h)))
        : names.find((n) => clean.includes(n));
    if (found !== undefined) out[field] = found;
  }
  if (format === 'generic')
    for (const [field, header] of Object.entries(mapping.columns ?? {}) as [ImportField, string | null][])
      // null: the admin said the file has no such field, though a header has its name.
      if (header === null) delete out[field];
      else if (clean.includes(header)) out[field] = header;
  return out;
}

export function formatSpec(format: ImportFormat): FormatSpec {
  return SPECS[format];
}

/**
 * What a file must have to be read: start and end (or a date with start and end times), and a
 * user (email or name). A list of what is missing, empty when it can be read.
 */
export function missingColumns(format: ImportFormat, columns: Partial<Record<string, string>>): string[] {
  const missing: string[] = [];
  const instants = columns.start !== undefined && columns.end !== undefined;
  const dateTimes =
    columns.date !== undefined && columns.startTime !== undefined && columns.endTime !== undefined;
  if (!instants && !dateTimes) missing.push(format === 'generic' ? 'start and end' : 'start and end times');
  if (columns.email === undefined && columns.user === undefined) missing.push('user or email');
  return missing;
}
