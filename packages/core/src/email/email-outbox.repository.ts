import { Prisma, type PrismaClient } from '@timetracker/db';
import type { EmailKind } from './templates';

type Db = PrismaClient | Prisma.TransactionClient;

export interface OutboxMail {
  id: number;
  kind: string;
  toAddress: string;
  language: string;
  payload: unknown;
  attempts: number;
  /** The recipient's preferences (users.date_format, users.clock); defaults without a user. */
  dateFormat: string;
  clock: string;
}

export interface QueuedMail {
  kind: EmailKind;
  userId: number | null;
  toAddress: string;
  language: string;
  payload: Record<string, unknown>;
  /** When the mail may first be sent (the cause's `now`); default: the database's clock. */
  nextAttemptAt?: Date;
}

/**
 * The email outbox. `enqueue` runs on the caller's transaction (the one of what causes the mail);
 * the worker claims due mails with a lease, sends them, and records the outcome.
 */
export class EmailOutboxRepository {
  constructor(private readonly db: Db) {}

  async enqueue(mail: QueuedMail): Promise<number> {
    const row = await this.db.emailOutbox.create({
      data: { ...mail, payload: mail.payload as Prisma.InputJsonValue },
      select: { id: true },
    });
    return row.id;
  }

  /**
   * Claims up to `limit` due mails for `leaseMs`: pending ones whose backoff is over, and ones
   * another worker claimed but did not finish before its lease ran out (it died mid-send). Raw
   * SQL: FOR UPDATE SKIP LOCKED, so workers polling at once each claim different mails.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxMail[]> {
    return (this.db as PrismaClient).$queryRaw<OutboxMail[]>`
      UPDATE email_outbox o
         SET status = 'sending', attempts = o.attempts + 1,
             locked_until = ${now}::timestamptz + make_interval(secs => ${leaseMs / 1000}),
             updated_at = CURRENT_TIMESTAMP
        FROM (SELECT e.id, u.date_format, u.clock
                FROM email_outbox e LEFT JOIN users u ON u.id = e.user_id
               WHERE (e.status = 'pending' AND e.next_attempt_at <= ${now}::timestamptz)
                  OR (e.status = 'sending' AND e.locked_until < ${now}::timestamptz)
               ORDER BY e.next_attempt_at, e.id
               LIMIT ${limit}
               FOR UPDATE OF e SKIP LOCKED) due
       WHERE o.id = due.id
      RETURNING o.id, o.kind, o.to_address AS "toAddress", o.language, o.payload, o.attempts,
                COALESCE(due.date_format, 'auto') AS "dateFormat", COALESCE(due.clock, '24h') AS clock`;
  }

  /**
   * Sent: the link's secret (`path`) leaves the payload, so a copy of the database holds no
   * working link. Only the claim holder may record it (`attempts` is the claim's).
   */
  async markSent(id: number, attempts: number, now: Date): Promise<boolean> {
    return this.finish(id, attempts, Prisma.sql`status = 'sent', sent_at = ${now}, last_error = NULL`);
  }

  async markFailed(id: number, attempts: number, error: string): Promise<boolean> {
    return this.finish(id, attempts, Prisma.sql`status = 'failed', last_error = ${error.slice(0, 1000)}`);
  }

  /** Back to pending, tried again at `retryAt`. */
  async markRetry(id: number, attempts: number, retryAt: Date, error: string): Promise<boolean> {
    const count = await this.db.emailOutbox.updateMany({
      where: { id, attempts, status: 'sending' },
      data: { status: 'pending', nextAttemptAt: retryAt, lockedUntil: null, lastError: error.slice(0, 1000) },
    });
    return count.count === 1;
  }

  private async finish(id: number, attempts: number, set: Prisma.Sql): Promise<boolean> {
    // Raw SQL: removing one key from a jsonb column (`payload - 'path'`) has no Prisma form.
    const count = await this.db.$executeRaw`
      UPDATE email_outbox SET ${set}, locked_until = NULL, payload = payload - 'path',
             updated_at = CURRENT_TIMESTAMP
       WHERE id = ${id} AND attempts = ${attempts} AND status = 'sending'`;
    return count === 1;
  }

  /** The sender's identity: settings.email_from, else the company's name and address. */
  async sender(): Promise<{ from: string; company: string }> {
    const s = await this.db.settings.findUnique({
      where: { id: 1 },
      select: { emailFrom: true, companyName: true, companyEmail: true },
    });
    const company = s?.companyName ?? 'TimeTracker';
    const from = s?.emailFrom.trim() || (s ? { name: s.companyName, address: s.companyEmail } : null);
    return {
      company,
      from:
        typeof from === 'string'
          ? from
          : from
            ? `"${from.name.replace(/["\\]/g, '')}" <${from.address}>`
            : '',
    };
  }
}
