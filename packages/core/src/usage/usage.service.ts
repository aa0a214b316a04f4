import { USAGE_MAX_RANGE_DAYS } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { SettingsRepository } from '../settings/settings.repository';
import type { UsageIncrement, UsageRepository } from './usage.repository';

/** How long a replica trusts its copy of settings.allow_analytics (other replicas' changes). */
export const USAGE_SETTING_CACHE_MS = 5_000;
/** How often a replica writes its pending counts. */
export const USAGE_FLUSH_INTERVAL_MS = 5_000;

const DAY_MS = 86_400_000;
const MAX_CACHED_ROUTES = 1_000;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

// Machine traffic, not use of the product: load balancer probes would drown everything else.
const IGNORED_GROUPS = new Set(['health']);

/** `time-entries` for `/api/v1/time-entries/:id`; undefined outside the versioned API. */
export function routeGroupOf(path: string): string | undefined {
  const group = /^\/api\/v1\/([a-z0-9][a-z0-9-]{0,49})(?:[/?]|$)/.exec(path)?.[1];
  return group === undefined || IGNORED_GROUPS.has(group) ? undefined : group;
}

/**
 * Local usage counts (settings.allow_analytics): requests per route group per UTC day, and
 * nothing else — no user, no address, no full path. Nothing ever leaves the server.
 *
 * Counting must not slow requests: `record` only bumps an in-memory counter (the setting is
 * cached for a few seconds), and `flush` writes the batch in one upsert every few seconds.
 * A crash loses at most one interval of counts, which usage statistics can afford; a write
 * per request could not be afforded on a busy instance.
 */
export class UsageService {
  private pending = new Map<string, UsageIncrement>();
  /** Route group of each route pattern seen (undefined: not counted). */
  private readonly groups = new Map<string, string | undefined>();
  /** The UTC day `record` last counted in: its first millisecond and its name. */
  private day = { from: Number.NEGATIVE_INFINITY, name: '' };
  private cached: { enabled: boolean; until: number } | undefined;
  private reading: Promise<boolean> | undefined;
  /** Bumped by settingChanged, so a read that started before the change cannot undo it. */
  private version = 0;

  constructor(
    private readonly usage: UsageRepository,
    private readonly settings: SettingsRepository,
    private readonly cacheMs = USAGE_SETTING_CACHE_MS,
  ) {}

  /**
   * Counts one request to `path` (an API route pattern) at `now`, if counting is on. While the
   * setting is cached this happens at once and returns nothing; a promise is returned only when
   * the setting has to be read first. (It runs for every request: no promise, no date string
   * and no regular expression on the usual path.)
   */
  record(path: string, now: Date = new Date()): Promise<void> | undefined {
    let routeGroup = this.groups.get(path);
    if (routeGroup === undefined && !this.groups.has(path)) {
      routeGroup = routeGroupOf(path);
      // Route patterns are few; anything else (a test's path) is not worth keeping.
      if (this.groups.size < MAX_CACHED_ROUTES) this.groups.set(path, routeGroup);
    }
    if (routeGroup === undefined) return undefined;
    const group = routeGroup;
    const cached = this.cachedSetting(now);
    if (cached !== undefined) {
      if (cached) this.count(group, now);
      return undefined;
    }
    return this.enabled(now).then((on) => {
      if (on) this.count(group, now);
    });
  }

  private count(routeGroup: string, now: Date): void {
    const time = now.getTime();
    if (time < this.day.from || time >= this.day.from + DAY_MS) {
      this.day = { from: time - (((time % DAY_MS) + DAY_MS) % DAY_MS), name: utcDay(now) };
    }
    const day = this.day.name;
    const key = `${day} ${routeGroup}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { day, routeGroup, count: 1 });
  }

  /** A change made through this replica applies at once, without waiting for the cache. */
  settingChanged(enabled: boolean, now: Date = new Date()): void {
    this.version += 1;
    this.cached = { enabled, until: now.getTime() + this.cacheMs };
    // Turning counting off also drops what was not written yet: "off records nothing".
    if (!enabled) this.pending.clear();
  }

  /** Writes the pending counts; on failure they are kept for the next attempt. */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.usage.addCounts(batch);
      return batch.length;
    } catch (err) {
      for (const item of batch) {
        const key = `${item.day} ${item.routeGroup}`;
        const entry = this.pending.get(key);
        if (entry) entry.count += item.count;
        else this.pending.set(key, item);
      }
      throw err;
    }
  }

  /** Counts per day and route group over [from, to] (UTC days, inclusive), for admins. */
  async report(actor: Principal, range: { from?: string; to?: string }, now: Date = new Date()) {
    authorize(actor, 'usage.see');
    const to = range.to ?? utcDay(now);
    const from = range.from ?? utcDay(new Date(Date.parse(to) - 29 * DAY_MS));
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1)
      throw DomainError.validation('`from` must not be after `to`', [{ path: 'from', message: 'after to' }]);
    if (days > USAGE_MAX_RANGE_DAYS) {
      const message = `at most ${USAGE_MAX_RANGE_DAYS} days at once`;
      throw DomainError.validation(`The range is too long: ${message}`, [{ path: 'from', message }]);
    }
    // This replica's latest counts are included; other replicas' arrive within a flush interval.
    await this.flush();
    const [items, totals, enabled] = await Promise.all([
      this.usage.list(from, to),
      this.usage.totals(from, to),
      this.settings.allowsAnalytics(),
    ]);
    return { from, to, enabled, items, totals };
  }

  /** The setting while the cached copy is fresh; undefined once it must be read again. */
  private cachedSetting(now: Date): boolean | undefined {
    return this.cached && this.cached.until > now.getTime() ? this.cached.enabled : undefined;
  }

  private async enabled(now: Date): Promise<boolean> {
    const cached = this.cachedSetting(now);
    if (cached !== undefined) return cached;
    // One read per expiry however many requests arrive meanwhile.
    const version = this.version;
    this.reading ??= this.settings.allowsAnalytics().finally(() => (this.reading = undefined));
    const enabled = await this.reading;
    if (version !== this.version) return this.cached?.enabled ?? enabled;
    this.cached = { enabled, until: now.getTime() + this.cacheMs };
    return enabled;
  }
}
