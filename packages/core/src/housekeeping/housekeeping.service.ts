import type { HousekeepingRepository } from './housekeeping.repository';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Login rate-limit windows are minutes long; a day-old one can never count again. */
export const RATE_LIMIT_KEEP_MS = DAY_MS;
/** Usage counts (settings.allow_analytics) are shown per day for the last year; keep 400 days. */
export const USAGE_KEEP_DAYS = 400;
/** Sent and failed mails stay this long in email_outbox, to look up what happened (docs/email.md). */
export const EMAIL_KEEP_DAYS = 90;
/** Webhook events and their delivery log stay this long once no delivery is still open (docs/webhooks.md). */
export const WEBHOOK_KEEP_DAYS = 30;

/**
 * The tables that grow with use and would otherwise grow forever: expired sessions (and expired
 * pending second steps and remembered browsers of two-factor sign-in), spent rate-limit windows,
 * usage counts older than the dashboard shows, the running_timers rows of timers the idle sweep
 * stopped (it leaves them, to stay fast), expired password links, mails sent or failed more
 * than 90 days ago, and webhook events (with their delivery log) more than 30 days old whose
 * deliveries are all finished. Run hourly by the worker.
 */
export class HousekeepingService {
  constructor(private readonly repository: HousekeepingRepository) {}

  async prune(now: Date): Promise<{
    sessions: number;
    secondFactorLeftovers: number;
    rateLimitWindows: number;
    usageDays: number;
    endedTimers: number;
    passwordLinks: number;
    emails: number;
    webhookEvents: number;
  }> {
    const usageCutoff = new Date(now.getTime() - USAGE_KEEP_DAYS * DAY_MS);
    usageCutoff.setUTCHours(0, 0, 0, 0);
    const [
      sessions,
      secondFactorLeftovers,
      rateLimitWindows,
      usageDays,
      endedTimers,
      passwordLinks,
      emails,
      webhookEvents,
    ] = await Promise.all([
      this.repository.deleteSessionsExpiredBefore(now),
      this.repository.deleteSecondFactorLeftoversBefore(now),
      this.repository.deleteRateLimitWindowsBefore(new Date(now.getTime() - RATE_LIMIT_KEEP_MS)),
      this.repository.deleteUsageCountsBefore(usageCutoff),
      this.repository.deleteEndedRunningTimers(),
      this.repository.deletePasswordTokensExpiredBefore(now),
      this.repository.deleteFinishedEmailsBefore(new Date(now.getTime() - EMAIL_KEEP_DAYS * DAY_MS)),
      this.repository.deleteSettledWebhookEventsBefore(new Date(now.getTime() - WEBHOOK_KEEP_DAYS * DAY_MS)),
    ]);
    return {
      sessions,
      secondFactorLeftovers,
      rateLimitWindows,
      usageDays,
      endedTimers,
      passwordLinks,
      emails,
      webhookEvents,
    };
  }
}
