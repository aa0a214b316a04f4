import { Prisma, type PrismaClient } from '@timetracker/db';
import { EmailOutboxRepository } from '../email/email-outbox.repository';
import { emailLanguage } from '../email/templates';

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  id: number;
  attempts: number;
  subscriptionId: number;
  url: string;
  /** Sealed (see SecretBox). */
  secret: string;
  eventId: number;
  type: string;
  entity: string;
  entityId: number | null;
  occurredAt: Date;
  data: unknown;
}

/** What one try gave, as the delivery log keeps it. */
export interface DeliveryOutcome {
  status: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
}

/**
 * The worker's side of webhook_deliveries (docs/webhooks.md): claim due deliveries with a lease,
 * record each try, and keep the subscription's failure streak.
 */
export class WebhookDeliveriesRepository {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Claims up to `limit` due deliveries for `leaseMs`: pending ones whose backoff is over and
   * ones whose worker died mid-send (lease over), of enabled subscriptions (a test is sent to a
   * disabled one too), and only the first unfinished delivery of each subscription and entity:
   * a later event of the same record waits until the earlier one is delivered or failed. Raw
   * SQL: FOR UPDATE SKIP LOCKED, so workers polling at once claim different deliveries; an
   * earlier delivery being claimed by another worker still reads as pending, so it still blocks.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.db.$queryRaw<ClaimedDelivery[]>`
      WITH due AS (
        SELECT d.id FROM webhook_deliveries d
          JOIN webhook_subscriptions s ON s.id = d.subscription_id
          JOIN webhook_events e ON e.id = d.event_id
         WHERE ((d.status = 'pending' AND d.next_attempt_at <= ${now}::timestamptz)
                OR (d.status = 'sending' AND d.locked_until < ${now}::timestamptz))
           AND (s.enabled OR e.type = 'webhook.test')
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                            WHERE p.subscription_id = d.subscription_id AND p.order_key = d.order_key
                              AND p.id < d.id AND p.status IN ('pending', 'sending'))
         ORDER BY d.next_attempt_at, d.id
         LIMIT ${limit}
         FOR UPDATE OF d SKIP LOCKED),
      claimed AS (
        UPDATE webhook_deliveries d
           SET status = 'sending', attempts = d.attempts + 1,
               locked_until = ${now}::timestamptz + make_interval(secs => ${leaseMs / 1000}),
               updated_at = CURRENT_TIMESTAMP
          FROM due WHERE d.id = due.id
        RETURNING d.id, d.attempts, d.subscription_id, d.event_id)
      SELECT c.id, c.attempts, c.subscription_id AS "subscriptionId", s.url, s.secret,
             c.event_id AS "eventId", e.type, e.entity, e.entity_id AS "entityId",
             e.occurred_at AS "occurredAt", e.data
        FROM claimed c
        JOIN webhook_subscriptions s ON s.id = c.subscription_id
        JOIN webhook_events e ON e.id = c.event_id
       ORDER BY c.id`;
  }

  /**
   * Keeps the event's rendered `data` (the first renderer wins, so every subscription and every
   * retry sends the same body) and answers the kept one.
   */
  async keepData(eventId: number, data: unknown): Promise<unknown> {
    await this.db.webhookEvent.updateMany({
      where: { id: eventId, data: { equals: Prisma.DbNull } },
      data: { data: data as Prisma.InputJsonValue },
    });
    const row = await this.db.webhookEvent.findUnique({ where: { id: eventId }, select: { data: true } });
    return row?.data ?? data;
  }

  /** Delivered: the subscription's failure streak ends. Only the claim holder records it. */
  async markDelivered(d: ClaimedDelivery, outcome: DeliveryOutcome, now: Date): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const done = await tx.webhookDelivery.updateMany({
        where: { id: d.id, attempts: d.attempts, status: 'sending' },
        data: { status: 'delivered', deliveredAt: now, lockedUntil: null, ...log(outcome, now) },
      });
      await tx.webhookSubscription.updateMany({
        where: { id: d.subscriptionId, failingSince: { not: null } },
        data: { failingSince: null },
      });
      return done.count === 1;
    });
  }

  /** Back to pending until `retryAt` (null: given up, failed). */
  async markFailedTry(
    d: ClaimedDelivery,
    outcome: DeliveryOutcome,
    now: Date,
    retryAt: Date | null,
  ): Promise<boolean> {
    const done = await this.db.webhookDelivery.updateMany({
      where: { id: d.id, attempts: d.attempts, status: 'sending' },
      data: {
        ...(retryAt ? { status: 'pending', nextAttemptAt: retryAt } : { status: 'failed' }),
        lockedUntil: null,
        ...log(outcome, now),
      },
    });
    return done.count === 1;
  }

  /**
   * A failed try of a real event: the subscription's streak starts now if it had none; once it
   * has lasted `disableAfterMs`, the subscription is disabled and every admin with an address
   * is mailed, in one transaction (only one worker disables it). True when this call disabled it.
   */
  async recordFailure(
    subscriptionId: number,
    now: Date,
    disableAfterMs: number,
    reason: string,
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await tx.webhookSubscription.updateMany({
        where: { id: subscriptionId, failingSince: null },
        data: { failingSince: now },
      });
      const disabled = await tx.webhookSubscription.updateMany({
        where: {
          id: subscriptionId,
          enabled: true,
          failingSince: { lte: new Date(now.getTime() - disableAfterMs) },
        },
        data: {
          enabled: false,
          disabledAt: now,
          disabledReason: `Every delivery failed for a day; last: ${reason}`.slice(0, 300),
        },
      });
      if (disabled.count === 0) return false;
      const sub = await tx.webhookSubscription.findUniqueOrThrow({ where: { id: subscriptionId } });
      const admins = await tx.user.findMany({
        where: { role: 'admin', isActive: true, email: { not: null } },
        select: { id: true, username: true, email: true, language: true },
      });
      const outbox = new EmailOutboxRepository(tx);
      for (const admin of admins)
        await outbox.enqueue({
          kind: 'webhook_disabled',
          userId: admin.id,
          toAddress: admin.email!,
          language: emailLanguage(admin.language),
          payload: {
            username: admin.username,
            url: sub.url,
            reason: reason.slice(0, 200),
            path: '/webhooks',
          },
          nextAttemptAt: now,
        });
      return true;
    });
  }
}

function log(outcome: DeliveryOutcome, now: Date) {
  return {
    responseStatus: outcome.status,
    durationMs: outcome.durationMs,
    responseExcerpt: outcome.excerpt?.slice(0, 500) ?? null,
    lastError: outcome.error?.slice(0, 1000) ?? null,
    lastAttemptAt: now,
  };
}
