import { SecretBox } from '../two-factor/totp';
import type {
  ClaimedDelivery,
  DeliveryOutcome,
  WebhookDeliveriesRepository,
} from './webhook-deliveries.repository';
import { postWebhook, type WebhookHttpOptions } from './webhook-http';
import type { WebhookPayloads } from './webhook-payloads';
import { signWebhook } from './webhook-signature';

export interface WebhookSenderOptions extends WebhookHttpOptions {
  /** Tries before a delivery is marked failed (WEBHOOK_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, at most `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed delivery is this worker's: well beyond the timeout. */
  leaseMs: number;
  batchSize: number;
  /** Claims per run: a burst for one record goes out one delivery per claim, in order. */
  maxRounds: number;
  /** A subscription whose every delivery failed this long is disabled. */
  disableAfterMs: number;
}

export const DEFAULT_WEBHOOK_SENDER_OPTIONS: WebhookSenderOptions = {
  timeoutMs: 10_000,
  allowPrivate: false,
  maxAttempts: 32,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 5 * 60_000,
  batchSize: 20,
  maxRounds: 10,
  disableAfterMs: 24 * 3_600_000,
};

export interface WebhookRunCounts {
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
  [key: string]: number;
}

export const WEBHOOK_USER_AGENT = 'TimeTracker-Webhooks/1';

/**
 * Sends due webhook deliveries (docs/webhooks.md): each claimed delivery is rendered (once per
 * event), signed and POSTed; a 2xx is delivered, anything else is retried with exponential
 * backoff and failed after the last try. A day of failures disables the subscription.
 */
export class WebhookSenderService {
  private readonly box: SecretBox;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly payloads: WebhookPayloads,
    private readonly options: WebhookSenderOptions,
    secretKey?: Buffer,
  ) {
    this.box = new SecretBox(secretKey);
  }

  /** Delay before try number `attempts + 1`, after `attempts` failed ones. */
  backoffAfter(attempts: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** Math.max(0, attempts - 1));
  }

  async sendDue(now = new Date()): Promise<WebhookRunCounts> {
    const counts: WebhookRunCounts = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
    for (let round = 0; round < this.options.maxRounds; round++) {
      const claimed = await this.deliveries.claimDue(now, this.options.batchSize, this.options.leaseMs);
      if (claimed.length === 0) break;
      // Different records in parallel; one record's deliveries are never claimed together.
      const results = await Promise.all(claimed.map((d) => this.sendOne(d, now)));
      for (const r of results) {
        counts[r.result] += 1;
        if (r.disabled) counts.disabled += 1;
      }
    }
    return counts;
  }

  private async sendOne(
    d: ClaimedDelivery,
    now: Date,
  ): Promise<{ result: 'delivered' | 'retried' | 'failed'; disabled: boolean }> {
    let outcome: DeliveryOutcome;
    try {
      const data =
        d.data ??
        (await this.deliveries.keepData(
          d.eventId,
          await this.payloads.render(d.type, d.entity, d.entityId, now),
        ));
      const body = JSON.stringify({
        version: 1,
        id: d.eventId,
        type: d.type,
        occurredAt: d.occurredAt.toISOString(),
        data,
      });
      outcome = await postWebhook(
        {
          url: d.url,
          body,
          headers: {
            'content-type': 'application/json',
            'user-agent': WEBHOOK_USER_AGENT,
            'x-timetracker-event': d.type,
            'x-timetracker-delivery': String(d.id),
            'x-timetracker-signature': signWebhook(this.box.open(d.secret), body, new Date()),
          },
        },
        this.options,
      );
    } catch (err) {
      outcome = { status: null, durationMs: 0, excerpt: null, error: (err as Error).message };
    }
    if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
      await this.deliveries.markDelivered(d, outcome, now);
      return { result: 'delivered', disabled: false };
    }
    if (outcome.status !== null && outcome.error === null) outcome.error = `HTTP ${outcome.status}`;
    const last = d.attempts >= this.options.maxAttempts;
    const retryAt = last ? null : new Date(now.getTime() + this.backoffAfter(d.attempts));
    await this.deliveries.markFailedTry(d, outcome, now, retryAt);
    // A test says nothing about the subscription's events: it neither starts nor ends a streak.
    const disabled =
      d.type === 'webhook.test'
        ? false
        : await this.deliveries.recordFailure(
            d.subscriptionId,
            now,
            this.options.disableAfterMs,
            outcome.error ?? 'failed',
          );
    return { result: last ? 'failed' : 'retried', disabled };
  }
}
