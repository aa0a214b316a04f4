import { Prisma, type PrismaClient } from '@timetracker/db';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import type { Principal } from '../auth/principal';

export type BudgetPeriod = 'lifetime' | 'monthly';

export interface BudgetData {
  projectId?: number | null;
  clientId?: number | null;
  /** Decimal strings, so no float touches them. */
  hours?: string | null;
  amount?: string | null;
  period?: BudgetPeriod;
}

/** A budget with its use in the period that holds `at` (prisma/sql/009_budgets.sql). */
export interface BudgetProgressRow {
  id: number;
  projectId: number | null;
  clientId: number | null;
  ownerName: string;
  hours: string | null;
  amount: string | null;
  period: BudgetPeriod;
  periodStart: string;
  /** The first day after the period (null: lifetime). */
  periodEnd: string | null;
  usedSeconds: number;
  /** Null unless asked for (money is for those who may see rates). */
  usedAmount: string | null;
}

export interface BudgetNotificationRow {
  id: number;
  budgetId: number;
  projectId: number | null;
  clientId: number | null;
  ownerName: string;
  period: BudgetPeriod;
  periodStart: string;
  threshold: number;
  raisedAt: Date;
  readAt: Date | null;
}

interface RawProgress {
  id: number;
  project_id: number | null;
  client_id: number | null;
  owner_name: string;
  hours: string | null;
  amount: string | null;
  period: BudgetPeriod;
  period_start: string;
  period_end: string | null;
  used_seconds: bigint | number;
  used_amount: string | null;
}

const BUDGET_FIELDS = {
  id: true,
  projectId: true,
  clientId: true,
  hours: true,
  amount: true,
  period: true,
} satisfies Prisma.BudgetSelect;

/** A budget as the audit log keeps it: whose it is, its period and its limits (decimal strings). */
function auditedBudget(row: Prisma.BudgetGetPayload<{ select: typeof BUDGET_FIELDS }>) {
  return {
    projectId: row.projectId,
    clientId: row.clientId,
    period: row.period,
    hours: row.hours?.toFixed(2) ?? null,
    amount: row.amount?.toFixed(2) ?? null,
  };
}

export class BudgetsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Budgets (of a project, of a client, or all) with their use in the period holding `at`.
   * Raw SQL: the use comes from the SQL functions the time_entries trigger also uses, so a bar
   * and a notification never disagree; money only when `withMoney`.
   */
  async progress(
    filter: { id?: number; projectId?: number; clientId?: number },
    at: Date,
    withMoney: boolean,
  ): Promise<BudgetProgressRow[]> {
    const where: Prisma.Sql[] = [];
    if (filter.id !== undefined) where.push(Prisma.sql`b.id = ${filter.id}`);
    if (filter.projectId !== undefined) where.push(Prisma.sql`b.project_id = ${filter.projectId}`);
    if (filter.clientId !== undefined) where.push(Prisma.sql`b.client_id = ${filter.clientId}`);
    const rows = await this.prisma.$queryRaw<RawProgress[]>`
      SELECT b.id, b.project_id, b.client_id, COALESCE(p.name, c.name) AS owner_name,
             b.hours::text AS hours, b.amount::text AS amount, b.period,
             ps.period_start::text AS period_start,
             CASE WHEN b.period = 'monthly' THEN (ps.period_start + interval '1 month')::date::text END AS period_end,
             budget_seconds_spent(b.project_id, b.client_id, r.f, r.t) AS used_seconds,
             CASE WHEN ${withMoney} THEN budget_money_spent(b.project_id, b.client_id, r.f, r.t)::numeric(20, 2)::text END AS used_amount
        FROM budgets b
        LEFT JOIN projects p ON p.id = b.project_id
        LEFT JOIN clients c ON c.id = b.client_id
        CROSS JOIN (SELECT timezone FROM settings ORDER BY id LIMIT 1) s
        CROSS JOIN LATERAL (SELECT budget_period_start(b.period, ${at}::timestamptz) AS period_start) ps
        CROSS JOIN LATERAL (
          SELECT CASE WHEN b.period = 'monthly' THEN ps.period_start::timestamp AT TIME ZONE s.timezone END AS f,
                 CASE WHEN b.period = 'monthly' THEN (ps.period_start + interval '1 month') AT TIME ZONE s.timezone END AS t) r
        ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
       ORDER BY owner_name, b.period, b.id`;
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      clientId: r.client_id,
      ownerName: r.owner_name,
      hours: r.hours,
      amount: r.amount,
      period: r.period,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      usedSeconds: Number(r.used_seconds),
      usedAmount: r.used_amount,
    }));
  }

  /**
   * Raises the notifications the budget's current use already reached (a budget set or lowered
   * below what was spent). Raw SQL: the same function the trigger calls, under its lock.
   */
  async evaluate(id: number, at: Date): Promise<void> {
    await this.prisma.$queryRaw`
      SELECT budget_evaluate(b.id, budget_period_start(b.period, ${at}::timestamptz))::text AS pct
        FROM budgets b WHERE b.id = ${id}`;
  }

  /**
   * The new budget's id, or 'duplicate' when its project or client has one for that period; the
   * audit event is written in the same transaction (none for a duplicate).
   */
  async create(data: BudgetData, actor: AuditActor | Principal): Promise<number | 'duplicate'> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.budget.create({ data, select: BUDGET_FIELDS });
        await AuditLog.record(tx, {
          entity: 'budget',
          entityId: row.id,
          action: 'create',
          actor,
          before: null,
          after: auditedBudget(row),
        });
        return row.id;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async update(
    id: number,
    data: BudgetData,
    actor: AuditActor | Principal,
  ): Promise<'updated' | 'missing' | 'duplicate'> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const [before] = await tx.budget.findMany({ where: { id }, select: BUDGET_FIELDS });
        if (!before) return 'missing';
        const was = auditedBudget(before);
        const now = auditedBudget(await tx.budget.update({ where: { id }, data, select: BUDGET_FIELDS }));
        // An update that changes nothing leaves no event (docs/audit.md).
        if (JSON.stringify(was) !== JSON.stringify(now))
          await AuditLog.record(tx, {
            entity: 'budget',
            entityId: id,
            action: 'update',
            actor,
            before: was,
            after: now,
          });
        return 'updated';
      });
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') return 'missing';
      throw err;
    }
  }

  async delete(id: number, actor: AuditActor | Principal): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [before] = await tx.budget.findMany({ where: { id }, select: BUDGET_FIELDS });
      if (!before || (await tx.budget.deleteMany({ where: { id } })).count !== 1) return false;
      await AuditLog.record(tx, {
        entity: 'budget',
        entityId: id,
        action: 'delete',
        actor,
        before: auditedBudget(before),
        after: null,
      });
      return true;
    });
  }

  findById(id: number) {
    return this.prisma.budget.findUnique({ where: { id }, select: BUDGET_FIELDS });
  }

  async projectExists(id: number): Promise<boolean> {
    return (await this.prisma.project.count({ where: { id } })) === 1;
  }

  async clientExists(id: number): Promise<boolean> {
    return (await this.prisma.client.count({ where: { id } })) === 1;
  }

  /**
   * The notifications `viewer` receives, newest first, with their own read time: every one
   * (`all`, admins), or those of budgets on projects of the teams they lead (a client's budget:
   * any of its projects). Worked out when read, so a team linked to a project later sees its
   * earlier notifications too, and an unlinked one no longer does.
   */
  async notifications(
    viewer: { userId: number; all: boolean },
    unreadOnly: boolean,
    skip: number,
    take: number,
  ) {
    const scope = viewer.all ? {} : { budget: ledBudgets(viewer.userId) };
    const unread: Prisma.BudgetNotificationWhereInput = {
      ...scope,
      reads: { none: { userId: viewer.userId } },
    };
    const where = unreadOnly ? unread : scope;
    const [rows, total, unreadCount] = await Promise.all([
      this.prisma.budgetNotification.findMany({
        where,
        orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
        select: {
          id: true,
          budgetId: true,
          periodStart: true,
          threshold: true,
          raisedAt: true,
          reads: { where: { userId: viewer.userId }, select: { readAt: true } },
          budget: {
            select: {
              projectId: true,
              clientId: true,
              period: true,
              project: { select: { name: true } },
              client: { select: { name: true } },
            },
          },
        },
      }),
      this.prisma.budgetNotification.count({ where }),
      this.prisma.budgetNotification.count({ where: unread }),
    ]);
    const items: BudgetNotificationRow[] = rows.map((n) => ({
      id: n.id,
      budgetId: n.budgetId,
      projectId: n.budget.projectId,
      clientId: n.budget.clientId,
      ownerName: n.budget.project?.name ?? n.budget.client?.name ?? '',
      period: n.budget.period as BudgetPeriod,
      periodStart: n.periodStart.toISOString().slice(0, 10),
      threshold: n.threshold,
      raisedAt: n.raisedAt,
      readAt: n.reads[0]?.readAt ?? null,
    }));
    return { items, total, unread: unreadCount };
  }

  /**
   * Marks one notification (or, id undefined, every unread one) read for `viewer` alone; how
   * many changed. Marking twice, or from two tabs at once, changes nothing (skipDuplicates).
   */
  async markRead(
    viewer: { userId: number; all: boolean },
    id: number | undefined,
    at: Date,
  ): Promise<number> {
    const ids = await this.prisma.budgetNotification.findMany({
      where: {
        ...(id === undefined ? {} : { id }),
        ...(viewer.all ? {} : { budget: ledBudgets(viewer.userId) }),
        reads: { none: { userId: viewer.userId } },
      },
      select: { id: true },
    });
    if (ids.length === 0) return 0;
    const { count } = await this.prisma.budgetNotificationRead.createMany({
      data: ids.map((n) => ({ notificationId: n.id, userId: viewer.userId, readAt: at })),
      skipDuplicates: true,
    });
    return count;
  }

  /** Whether the notification exists among those `viewer` receives. */
  async notificationExists(viewer: { userId: number; all: boolean }, id: number): Promise<boolean> {
    const where = viewer.all ? { id } : { id, budget: ledBudgets(viewer.userId) };
    return (await this.prisma.budgetNotification.count({ where })) === 1;
  }
}

/** A project of a team `userId` leads (project_teams; docs/roles.md: a lead's teams' projects). */
const ledProject = (userId: number): Prisma.ProjectWhereInput => ({
  teams: { some: { team: { members: { some: { userId, isLead: true } } } } },
});

/** Budgets of such a project, or of a client one of whose projects is such a project. */
const ledBudgets = (userId: number): Prisma.BudgetWhereInput => ({
  OR: [{ project: ledProject(userId) }, { client: { projects: { some: ledProject(userId) } } }],
});

const isUniqueViolation = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
