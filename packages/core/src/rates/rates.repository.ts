import type { Prisma, PrismaClient } from '@timetracker/db';
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

  /** A new rate; P2002 (→ 409) when the level already has one of this kind from that day. */
  create(kind: RateKind, keys: RateKeys, effectiveFrom: string, amount: string): Promise<RateRow> {
    return this.prisma.rate.create({
      data: { kind, ...keys, effectiveFrom: dateColumn(effectiveFrom), amount },
      select: RATE_FIELDS,
    });
  }

  /** Sets the level's rate from `effectiveFrom`, replacing one that starts that same day. */
  async set(kind: RateKind, keys: RateKeys, effectiveFrom: string, amount: string): Promise<void> {
    // Not Prisma's upsert: the level's unique index is partial, which upsert cannot name.
    const from = dateColumn(effectiveFrom);
    await this.prisma.$transaction(async (tx) => {
      const updated = await tx.rate.updateMany({
        where: { kind, ...keys, effectiveFrom: from },
        data: { amount },
      });
      if (updated.count === 0) await tx.rate.create({ data: { kind, ...keys, effectiveFrom: from, amount } });
    });
  }

  /** Removes every rate of the level and kind (the level then has no rate of its own). */
  async clear(kind: RateKind, keys: RateKeys): Promise<void> {
    await this.prisma.rate.deleteMany({ where: { kind, ...keys } });
  }

  async delete(id: number): Promise<boolean> {
    return (await this.prisma.rate.deleteMany({ where: { id } })).count === 1;
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
