import type { Prisma, PrismaClient } from '@timetracker/db';
import { AuditLog, type AuditActor } from '../audit/audit-log.repository';
import type { Principal } from '../auth/principal';
import { COMPANY_TODAY, type RateKind } from './rate-sql';

export const RATE_FIELDS = {
  id: true,
  kind: true,
  clientId: true,
  projectId: true,
  userId: true,
  effectiveFrom: true,
  amount: true,
  createdAt: true,
} satisfies Prisma.RateSelect;

export type RateRow = Prisma.RateGetPayload<{ select: typeof RATE_FIELDS }>;

/** The keys of one level: project + user (a member), project, user or client alone. */
export interface RateKeys {
  clientId: number | null;
  projectId: number | null;
  userId: number | null;
}

export type RateLevel = 'member' | 'project' | 'user' | 'client';

export interface RateListFilter {
  kind?: RateKind;
  level?: RateLevel;
  clientId?: number;
  projectId?: number;
  userId?: number;
}

/** Prisma's where for a level: which keys are set (rates_level_check allows only these four). */
export function levelWhere(level: RateLevel): Prisma.RateWhereInput {
  switch (level) {
    case 'member':
      return { projectId: { not: null }, userId: { not: null } };
    case 'project':
      return { projectId: { not: null }, userId: null };
    case 'user':
      return { userId: { not: null }, projectId: null, clientId: null };
    case 'client':
      return { clientId: { not: null } };
  }
}

/** A rate as the audit log keeps it: its kind, level keys, first day and amount. */
export function auditedRate(row: Omit<RateRow, 'id' | 'createdAt'>) {
  return {
    kind: row.kind,
    clientId: row.clientId,
    projectId: row.projectId,
    userId: row.userId,
    effectiveFrom: row.effectiveFrom.toISOString().slice(0, 10),
    amount: row.amount.toFixed(2),
  };
}

type Actor = AuditActor | Principal;

/** `YYYY-MM-DD` as the DATE column's value (Prisma reads and writes @db.Date as UTC midnight). */
export const dateColumn = (day: string) => new Date(`${day}T00:00:00Z`);

export class RatesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Today in settings.timezone: rate dates are company days (ARCHITECTURE §4). */
  async companyToday(): Promise<string> {
    // Raw SQL: the date in the settings' zone, computed where the zone database is.
    const [row] = await this.prisma.$queryRaw<
      { today: string }[]
    >`SELECT to_char(${COMPANY_TODAY}, 'YYYY-MM-DD') AS today`;
    return row!.today;
  }

  async list(filter: RateListFilter, skip: number, take: number) {
    const where: Prisma.RateWhereInput = {
      ...(filter.level ? levelWhere(filter.level) : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.clientId !== undefined ? { clientId: filter.clientId } : {}),
      ...(filter.projectId !== undefined ? { projectId: filter.projectId } : {}),
      ...(filter.userId !== undefined ? { userId: filter.userId } : {}),
    };
    const [items, total] = await Promise.all([
      this.prisma.rate.findMany({
        where,
        select: RATE_FIELDS,
        orderBy: [{ effectiveFrom: 'desc' }, { id: 'desc' }],
        skip,
        take,
      }),
      this.prisma.rate.count({ where }),
    ]);
    return { items, total };
  }

  findById(id: number): Promise<RateRow | null> {
    return this.prisma.rate.findUnique({ where: { id }, select: RATE_FIELDS });
  }

  /**
   * A new rate, recorded in the audit log in the same transaction; P2002 (→ 409) when the level
   * already has one of this kind from that day (nothing is recorded then).
   */
  create(
    kind: RateKind,
    keys: RateKeys,
    effectiveFrom: string,
    amount: string,
    actor: Actor,
  ): Promise<RateRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.rate.create({
        data: { kind, ...keys, effectiveFrom: dateColumn(effectiveFrom), amount },
        select: RATE_FIELDS,
      });
      await AuditLog.record(tx, {
        entity: 'rate',
        entityId: row.id,
        action: 'create',
        actor,
        before: null,
        after: auditedRate(row),
      });
      return row;
    });
  }

  /**
   * Sets the level's rate from `effectiveFrom`, replacing one that starts that same day, and
   * records the change (a create or an update; nothing when the amount is already that).
   */
  async set(
    kind: RateKind,
    keys: RateKeys,
    effectiveFrom: string,
    amount: string,
    actor: Actor,
  ): Promise<void> {
    // Not Prisma's upsert: the level's unique index is partial, which upsert cannot name.
    const from = dateColumn(effectiveFrom);
    await this.prisma.$transaction(async (tx) => {
      const [current] = await tx.rate.findMany({
        where: { kind, ...keys, effectiveFrom: from },
        select: RATE_FIELDS,
      });
      if (current) {
        const row = await tx.rate.update({
          where: { id: current.id },
          data: { amount },
          select: RATE_FIELDS,
        });
        const before = auditedRate(current);
        const after = auditedRate(row);
        if (before.amount === after.amount) return;
        await AuditLog.record(tx, {
          entity: 'rate',
          entityId: row.id,
          action: 'update',
          actor,
          before,
          after,
        });
        return;
      }
      const row = await tx.rate.create({
        data: { kind, ...keys, effectiveFrom: from, amount },
        select: RATE_FIELDS,
      });
      await AuditLog.record(tx, {
        entity: 'rate',
        entityId: row.id,
        action: 'create',
        actor,
        before: null,
        after: auditedRate(row),
      });
    });
  }

  /**
   * Removes every rate of the level and kind (the level then has no rate of its own), recording
   * one delete per rate removed.
   */
  async clear(kind: RateKind, keys: RateKeys, actor: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const rows = await tx.rate.findMany({
        where: { kind, ...keys },
        select: RATE_FIELDS,
        orderBy: { id: 'asc' },
      });
      await tx.rate.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      for (const row of rows)
        await AuditLog.record(tx, {
          entity: 'rate',
          entityId: row.id,
          action: 'delete',
          actor,
          before: auditedRate(row),
          after: null,
        });
    });
  }

  /** Deletes the rate and records it; false when there is no such rate (nothing recorded). */
  delete(id: number, actor: Actor): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [row] = await tx.rate.findMany({ where: { id }, select: RATE_FIELDS });
      if (!row || (await tx.rate.deleteMany({ where: { id } })).count !== 1) return false;
      await AuditLog.record(tx, {
        entity: 'rate',
        entityId: id,
        action: 'delete',
        actor,
        before: auditedRate(row),
        after: null,
      });
      return true;
    });
  }

  /** Whether the client, project and user named by the keys exist (the ones given). */
  async keysExist(keys: RateKeys): Promise<{ clientId: boolean; projectId: boolean; userId: boolean }> {
    const [c, p, u] = await Promise.all([
      keys.clientId === null ? 1 : this.prisma.client.count({ where: { id: keys.clientId } }),
      keys.projectId === null ? 1 : this.prisma.project.count({ where: { id: keys.projectId } }),
      keys.userId === null ? 1 : this.prisma.user.count({ where: { id: keys.userId } }),
    ]);
    return { clientId: c > 0, projectId: p > 0, userId: u > 0 };
  }
}
