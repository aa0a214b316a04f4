import {
  CALENDAR_FEED_MAX_EVENTS,
  CALENDAR_FEED_MONTHS,
  type CalendarFeedCreatedResponse,
  type CalendarFeedResponse,
} from '@timetracker/contracts';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { safeEqual, sha256Hex } from '../auth/secret-tokens';
import { DomainError } from '../errors/domain-error';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import { feedCalendar } from './calendar-feed.ics';
import type { CalendarFeedRepository, CalendarFeedRow } from './calendar-feed.repository';

/** Fetches of one feed per window before 429: calendar apps poll every 5 minutes to a day. */
export interface CalendarFeedOptions {
  fetchesPerWindow: number;
  windowMs: number;
}

export const DEFAULT_CALENDAR_FEED_OPTIONS: CalendarFeedOptions = {
  fetchesPerWindow: 60,
  windowMs: 60 * 60_000,
};

/** `<key>.<secret>`: 12 random bytes to find the row, 32 that prove the URL. base64url both. */
const TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})(?:\.ics)?$/;

export const CALENDAR_FEED_PATH = '/api/v1/calendar-feed/';

/**
 * Private iCalendar feeds (docs/calendar-feed.md): each user may turn on a secret URL of their own
 * finished entries for any calendar app, regenerate it (the old one stops working) or turn it off.
 * An admin may switch the feature off (settings.calendar_feeds): every feed then answers 404.
 */
export class CalendarFeedService {
  constructor(
    private readonly feeds: CalendarFeedRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly options: CalendarFeedOptions = DEFAULT_CALENDAR_FEED_OPTIONS,
  ) {}

  async status(actor: Principal): Promise<CalendarFeedResponse> {
    const [available, row] = await Promise.all([this.feeds.enabled(), this.feeds.forUser(actor.userId)]);
    return view(available, row);
  }

  /** A new URL (the previous one, if any, stops working); its token is in this answer only. */
  async create(actor: Principal, now = new Date()): Promise<CalendarFeedCreatedResponse> {
    if (!(await this.feeds.enabled()))
      throw DomainError.forbidden('Calendar feeds are turned off by an administrator');
    const key = randomBytes(12).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const row = await this.feeds.replace(actor.userId, key, sha256Hex(secret), now);
    return { ...view(true, row), path: `${CALENDAR_FEED_PATH}${key}.${secret}.ics` };
  }

  /** Turns the feed off: its URL answers 404 from now on. Idempotent. */
  async revoke(actor: Principal): Promise<CalendarFeedResponse> {
    await this.feeds.remove(actor.userId);
    return this.status(actor);
  }

  /**
   * The feed a token names, as iCalendar text. Every way of not matching (feature off, malformed,
   * unknown key, wrong secret, deactivated user) is the same 404, so the route tells nothing.
   * The secret's hash is compared in constant time.
   */
  async render(token: string, host: string, now = new Date()): Promise<string> {
    const match = TOKEN.exec(token);
    if (!match || !(await this.feeds.enabled())) throw DomainError.notFound('Calendar feed');
    const row = await this.feeds.byKey(match[1]!);
    if (!row || !safeEqual(sha256Hex(match[2]!), row.secretHash)) throw DomainError.notFound('Calendar feed');
    await this.limit(row.userId, now);
    const since = monthsBefore(now, CALENDAR_FEED_MONTHS);
    const [entries, context] = await Promise.all([
      this.feeds.entries(row.userId, since, CALENDAR_FEED_MAX_EVENTS),
      this.feeds.context(row.userId),
    ]);
    await this.feeds.markUsed(row.userId, now);
    return feedCalendar(entries, { ...context, host, now });
  }

  /** Counted per feed (not per address: apps fetch from their providers' many servers). */
  private async limit(userId: number, now: Date): Promise<void> {
    const windowMs = this.options.windowMs;
    const window = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    if ((await this.rateLimits.hit(`calendar-feed:user:${userId}`, window)) > this.options.fetchesPerWindow) {
      const retryAfterSeconds = Math.ceil((window.getTime() + windowMs - now.getTime()) / 1000);
      throw new DomainError(
        'RATE_LIMITED',
        `Too many fetches of this feed; try again in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
  }
}

function view(available: boolean, row: CalendarFeedRow | null): CalendarFeedResponse {
  return {
    available,
    active: available && row !== null,
    createdAt: row?.createdAt.toISOString() ?? null,
    lastUsedAt: row?.lastUsedAt?.toISOString() ?? null,
  };
}

/** `months` calendar months before `now` (UTC), at the same time of day; day clamped (31 → 30). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
