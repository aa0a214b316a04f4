import { Prisma } from '@timetracker/db';

// SQL about one time entry `te` that reports, invoices, approvals, mails and imports all use.

/**
 * Seconds of an entry: the stored (rounded) duration; a running entry's time up to `now` (or
 * up to its open pause) less its breaks when running entries are included; a finished legacy
 * row without a duration from its times. entry_seconds() (prisma/sql/000_entry_seconds.sql) is
 * the rule, shared with the rollups and budgets; PostgreSQL inlines it.
 */
export const secondsSql = (now: Date) =>
  Prisma.sql`entry_seconds(te.duration_seconds, te.start_time, COALESCE(te.end_time, te.paused_at, ${now}::timestamptz), te.break_seconds)`;

/** Seconds of a finished entry `te` (secondsSql without running entries): what an invoice bills. */
export const FINISHED_SECONDS_SQL = Prisma.sql`entry_seconds(te.duration_seconds, te.start_time, te.end_time, te.break_seconds)`;

/**
 * Marks the rest of the transaction's writes of time_entries as bulk: the rollup trigger then
 * sums each statement's rows straight from its transition tables instead of copying them through
 * jsonb (prisma/sql/010_entry_rollups.sql). The trigger does so by itself for a statement of more
 * than 1,000 rows; the app's bulk writes (imports, invoices, deletions) say so whatever their size.
 */
export const BULK_WRITE_SQL = Prisma.sql`SELECT set_config('timetracker.bulk_write', 'on', true)`;
