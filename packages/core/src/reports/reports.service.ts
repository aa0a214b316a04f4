import type {
  DashboardResponse,
  ReportDimension,
  ReportSeriesName,
  ReportSeriesQuery,
  ReportSeriesResponse,
  ReportSummaryQuery,
  ReportSummaryResponse,
} from '@timetracker/contracts';
import { authorize, may, maySeeRates, reach } from '../access/policy';
import type { TeamScopeRepository } from '../access/team-scope.repository';
import { fromHundredths, toHundredths } from '../invoices/invoice-money';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { localDate } from '../time/zone';
import { viewerZone } from '../time/viewer-zone';
import { addDays, periodRange, weekStartOf, type ReportRange } from './report-range';
import { weekStartFrom, type EntryScope, type Figures } from './report-sql';
import { scopeFor } from './report-scope';
import type { ReportsRepository, SeriesPoint } from './reports.repository';

const MAX_DAYS = 366;
const MAX_WEEKS = 260;
const DEFAULT_WEEKS = 12;
const DAY_MS = 86_400_000;

/** The response without its money (billableAmount at any depth), for whoever may not see rates. */
function withoutMoney<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutMoney) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'billableAmount')
      .map(([key, v]) => [key, withoutMoney(v)]),
  ) as T;
}

const iso = (d: Date | undefined) => d?.toISOString() ?? null;

/**
 * Cost and margin (billable − cost) for whom may see rates ('rates.see'); for everyone else the
 * cost is dropped, so neither figure leaves the server.
 */
function moneyFor(actor: Principal) {
  const seesRates = may(actor, 'rates.see');
  return <F extends Figures>(f: F): Omit<F, 'costAmount'> & { costAmount?: string; margin?: string } => {
    const { costAmount, ...rest } = f;
    if (!seesRates) return rest;
    const margin = fromHundredths(toHundredths(f.billableAmount) - toHundredths(costAmount));
    return { ...rest, costAmount, margin };
  };
}

/**
 * Reports, dashboard and chart series. Everything is aggregated by the database; this class
 * decides whose time and which range, in the viewer's zone (viewerZone, or the query's), with `now` injected for tests.
 */
export class ReportsService {
  constructor(
    /** Summary and series: may be a read replica. */
    private readonly reports: ReportsRepository,
    /** The dashboard: must see the user's last write, so the primary. */
    private readonly live: ReportsRepository = reports,
    /** Who leads whom (a lead reports on their members); without it, nobody. */
    private readonly teams?: Pick<TeamScopeRepository, 'managedUserIds'>,
  ) {}

  /** The users a team lead may report on besides themselves; asked of leads only. */
  private async led(actor: Principal): Promise<number[]> {
    if (reach(actor, 'reports.othersTime') !== 'led' || !this.teams) return [];
    return this.teams.managedUserIds(actor.userId);
  }

  async summary(
    actor: Principal,
    query: ReportSummaryQuery,
    now = new Date(),
  ): Promise<ReportSummaryResponse> {
    const settings = await this.reports.settings();
    const scope = scopeFor(actor, query, settings, now, await this.led(actor));
    const groupBy: ReportDimension[] = query.groupBy ?? [];
    const priceAs = query.priceAs ?? 'exact';
    // Invoices cut their days in the company's zone, whoever views the report.
    const lines = priceAs === 'exact' ? undefined : { groupBy: priceAs, timeZone: settings.timezone };
    const result = await this.reports.summary(scope, groupBy, lines);
    const money = moneyFor(actor);
    const response = {
      ...this.rangeOf(scope, settings.currency),
      groupBy,
      priceAs,
      totals: money(result.totals),
      rows: result.rows.map(money),
    };
    return maySeeRates(actor, settings) ? response : withoutMoney(response);
  }

  /** The actor's own today / this week / this month (running time included, up to now), in their zone. */
  async dashboard(actor: Principal, now = new Date()): Promise<DashboardResponse> {
    const settings = await this.live.settings();
    const { currency } = settings;
    const timezone = viewerZone(actor, settings);
    // The week starts on the user's first day of the week (their preference, Monday by default).
    const periods = (['today', 'this-week', 'this-month'] as const).map((p) =>
      periodRange(p, now, timezone, actor.weekStart),
    );
    const scope: EntryScope = {
      userIds: [actor.userId],
      // A week may start in the previous month: read from whichever starts first.
      from: new Date(Math.min(...periods.map((p) => p.from.getTime()))),
      to: new Date(Math.max(...periods.map((p) => p.to.getTime()))),
      includeRunning: true,
      now,
      timeZone: timezone,
      weekStart: weekStartFrom(actor.weekStart),
    };
    const [totals, running] = await Promise.all([
      this.live.userTotals(scope, periods),
      this.live.findNewestRunning(actor.userId),
    ]);
    const [today, week, month] = totals;
    const response: DashboardResponse = {
      timezone,
      currency,
      today: today!,
      week: week!,
      month: month!,
      running: running && {
        id: running.id,
        projectId: running.projectId,
        projectName: running.project?.name ?? null,
        taskName: running.task?.name ?? null,
        notes: running.notes,
        startTime: running.startTime.toISOString(),
        elapsedSeconds: Math.max(0, Math.floor((now.getTime() - running.startTime.getTime()) / 1000)),
      },
    };
    return maySeeRates(actor, settings) ? response : withoutMoney(response);
  }

  async series(
    actor: Principal,
    name: ReportSeriesName,
    query: ReportSeriesQuery,
    now = new Date(),
  ): Promise<ReportSeriesResponse> {
    if (name === 'by-user') authorize(actor, 'reports.compareUsers');
    const settings = await this.reports.settings();
    const scope = scopeFor(actor, query, settings, now, await this.led(actor));
    const points = await this.points(name, scope, query.limit, now);
    const response = {
      ...this.rangeOf(scope, settings.currency),
      series: name,
      points: points.map(moneyFor(actor)),
    };
    return maySeeRates(actor, settings) ? response : withoutMoney(response);
  }

  private points(
    name: ReportSeriesName,
    scope: EntryScope,
    limit: number,
    now: Date,
  ): Promise<SeriesPoint[]> {
    switch (name) {
      case 'hours-by-day': {
        const bounded = this.bounded(scope, periodRange('this-month', now, scope.timeZone));
        if (bounded.to.getTime() - bounded.from.getTime() > (MAX_DAYS + 1) * DAY_MS)
          throw DomainError.validation(`At most ${MAX_DAYS} days per series`, [
            { path: 'to', message: 'range too long' },
          ]);
        Object.assign(scope, bounded);
        return this.reports.hoursByDay(bounded);
      }
      case 'weekly-trend': {
        const first = weekStartOf(localDate(now, scope.timeZone), scope.weekStart);
        const recent = {
          from: periodRange(
            'this-week',
            new Date(`${addDays(first, -7 * (DEFAULT_WEEKS - 1))}T12:00:00Z`),
            scope.timeZone,
            scope.weekStart,
          ).from,
          to: periodRange('this-week', now, scope.timeZone, scope.weekStart).to,
        };
        const bounded = this.bounded(scope, recent);
        if (bounded.to.getTime() - bounded.from.getTime() > (MAX_WEEKS + 1) * 7 * DAY_MS)
          throw DomainError.validation(`At most ${MAX_WEEKS} weeks per series`, [
            { path: 'to', message: 'range too long' },
          ]);
        Object.assign(scope, bounded);
        return this.reports.weeklyTrend(bounded);
      }
      case 'by-project':
        return this.reports.byProject(scope, limit);
      case 'by-user':
        return this.reports.byUser(scope);
      case 'by-hour-of-day':
        return this.reports.byHourOfDay(scope);
      case 'billable-vs-non-billable':
        return this.reports.billableSplit(scope);
      case 'project-revenue':
        return this.reports.projectRevenue(scope);
    }
  }

  /** Zero-filled series need both ends: a missing one comes from the default range. */
  private bounded(scope: EntryScope, fallback: Required<ReportRange>) {
    return { ...scope, from: scope.from ?? fallback.from, to: scope.to ?? fallback.to };
  }

  private rangeOf(scope: EntryScope, currency: string) {
    return {
      from: iso(scope.from),
      to: iso(scope.to),
      timezone: scope.timeZone,
      weekStart: scope.weekStart,
      currency,
    };
  }
}
