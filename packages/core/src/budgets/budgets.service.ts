import { authorize, may } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { BudgetData, BudgetPeriod, BudgetProgressRow, BudgetsRepository } from './budgets.repository';

export interface BudgetView {
  id: number;
  projectId: number | null;
  clientId: number | null;
  name: string;
  period: BudgetPeriod;
  periodStart: string;
  periodEnd: string | null;
  hours: { limit: string; usedSeconds: number; percent: number } | null;
  money: { limit: string; used: string; percent: number } | null;
}

/** Percent with one decimal: 1234 of 1000 → 123.4. */
const percentOf = (used: number, limit: number) => Math.round((used * 1000) / limit) / 10;

function toView(row: BudgetProgressRow, withMoney: boolean): BudgetView {
  return {
    id: row.id,
    projectId: row.projectId,
    clientId: row.clientId,
    name: row.ownerName,
    period: row.period,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    hours:
      row.hours === null
        ? null
        : {
            limit: row.hours,
            usedSeconds: row.usedSeconds,
            percent: percentOf(row.usedSeconds, Number(row.hours) * 3600),
          },
    money:
      row.amount === null || !withMoney || row.usedAmount === null
        ? null
        : {
            limit: row.amount,
            used: row.usedAmount,
            percent: percentOf(Number(row.usedAmount), Number(row.amount)),
          },
  };
}

/**
 * Budgets of projects and clients (issue #18 §3, docs/budgets.md). Admins set them; whoever may
 * see the project sees its hours' progress, and money (limit and spent) only those who may see
 * rates. Thresholds are raised, and time past 100 % refused, by the time_entries trigger
 * (prisma/sql/009_budgets.sql) whichever path writes time: nothing here is on the write path.
 */
export class BudgetsService {
  constructor(private readonly budgets: BudgetsRepository) {}

  async list(
    actor: Principal,
    filter: { projectId?: number; clientId?: number },
    now = new Date(),
  ): Promise<BudgetView[]> {
    const withMoney = may(actor, 'rates.see');
    const rows = await this.budgets.progress(filter, now, withMoney);
    // A money-only budget says nothing to someone who may not see money.
    return rows.map((r) => toView(r, withMoney)).filter((v) => v.hours !== null || v.money !== null);
  }

  async create(
    actor: Principal,
    input: {
      projectId?: number;
      clientId?: number;
      hours?: string | null;
      amount?: string | null;
      period?: BudgetPeriod;
    },
    now = new Date(),
  ): Promise<BudgetView> {
    authorize(actor, 'budgets.manage');
    if (input.projectId !== undefined && !(await this.budgets.projectExists(input.projectId)))
      throw DomainError.validation('No such project', [{ path: 'projectId', message: 'unknown project' }]);
    if (input.clientId !== undefined && !(await this.budgets.clientExists(input.clientId)))
      throw DomainError.validation('No such client', [{ path: 'clientId', message: 'unknown client' }]);
    const period = input.period ?? 'lifetime';
    const id = await this.budgets.create(
      {
        projectId: input.projectId ?? null,
        clientId: input.clientId ?? null,
        hours: input.hours ?? null,
        amount: input.amount ?? null,
        period,
      },
      actor,
    );
    if (id === 'duplicate') throw duplicate(period);
    await this.budgets.evaluate(id, now);
    return this.one(actor, id, now);
  }

  async update(
    actor: Principal,
    id: number,
    input: { hours?: string | null; amount?: string | null; period?: BudgetPeriod },
    now = new Date(),
  ): Promise<BudgetView> {
    authorize(actor, 'budgets.manage');
    const row = await this.budgets.findById(id);
    if (!row) throw DomainError.notFound('Budget');
    const hours = input.hours === undefined ? row.hours : input.hours;
    const amount = input.amount === undefined ? row.amount : input.amount;
    if (hours === null && amount === null)
      throw DomainError.validation('A budget limits hours, money or both', [
        { path: 'hours', message: 'give hours or an amount' },
      ]);
    const data: BudgetData = {};
    if (input.hours !== undefined) data.hours = input.hours;
    if (input.amount !== undefined) data.amount = input.amount;
    if (input.period !== undefined) data.period = input.period;
    const outcome = await this.budgets.update(id, data, actor);
    if (outcome === 'duplicate') throw duplicate(input.period ?? row.period);
    if (outcome === 'missing') throw DomainError.notFound('Budget');
    await this.budgets.evaluate(id, now);
    return this.one(actor, id, now);
  }

  async remove(actor: Principal, id: number): Promise<void> {
    authorize(actor, 'budgets.manage');
    if (!(await this.budgets.delete(id, actor))) throw DomainError.notFound('Budget');
  }

  async notifications(actor: Principal, query: { unread?: boolean; page: number; pageSize: number }) {
    const viewer = notificationViewer(actor);
    const { items, total, unread } = await this.budgets.notifications(
      viewer,
      query.unread ?? false,
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return {
      items: items.map(({ ownerName, ...n }) => ({
        ...n,
        name: ownerName,
        raisedAt: n.raisedAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      })),
      total,
      unread,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Marks one notification read (id), or all of them, for the actor; marking twice changes nothing. */
  async markRead(actor: Principal, id: number | undefined, now = new Date()): Promise<{ marked: number }> {
    const viewer = notificationViewer(actor);
    if (id !== undefined && !(await this.budgets.notificationExists(viewer, id)))
      throw DomainError.notFound('Budget notification');
    return { marked: await this.budgets.markRead(viewer, id, now) };
  }

  private async one(actor: Principal, id: number, now: Date): Promise<BudgetView> {
    const withMoney = may(actor, 'rates.see');
    const [row] = await this.budgets.progress({ id }, now, withMoney);
    if (!row) throw DomainError.notFound('Budget');
    return toView(row, withMoney);
  }
}

/**
 * Whose notifications the actor receives: admins every budget's, team leads those of budgets on
 * their teams' projects (the repository narrows it); each reads and marks their own.
 */
function notificationViewer(actor: Principal) {
  authorize(actor, 'budgets.notifications');
  return { userId: actor.userId, all: may(actor, 'budgets.notificationsAll') };
}

const duplicate = (period: string) =>
  new DomainError('CONFLICT', `It already has a ${period} budget: change that one`);
