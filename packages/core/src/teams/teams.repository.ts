import type { Prisma, PrismaClient } from '@timetracker/db';

export const TEAM_FIELDS = {
  id: true,
  name: true,
  createdAt: true,
  members: {
    select: { userId: true, isLead: true, user: { select: { username: true } } },
    orderBy: { user: { username: 'asc' } },
  },
} satisfies Prisma.TeamSelect;

export type TeamRow = Prisma.TeamGetPayload<{ select: typeof TEAM_FIELDS }>;

export interface TeamMemberData {
  userId: number;
  isLead: boolean;
}

export class TeamsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findById(id: number): Promise<TeamRow | null> {
    return this.prisma.team.findUnique({ where: { id }, select: TEAM_FIELDS });
  }

  /** Case-insensitive, so "Ops" and "OPS" cannot both exist (the unique index is case-sensitive). */
  findByName(name: string, exceptId?: number): Promise<{ id: number } | null> {
    return this.prisma.team.findFirst({
      where: { name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    });
  }

  async page(
    sort: { field: 'name' | 'createdAt'; desc: boolean },
    skip: number,
    take: number,
  ): Promise<{ items: TeamRow[]; total: number }> {
    const [items, total] = await this.prisma.$transaction([
      this.prisma.team.findMany({
        select: TEAM_FIELDS,
        orderBy: [{ [sort.field]: sort.desc ? 'desc' : 'asc' }, { id: 'asc' }],
        skip,
        take,
      }),
      this.prisma.team.count(),
    ]);
    return { items, total };
  }

  /** Which of these ids are existing users. */
  async existingUserIds(ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  create(name: string, members: TeamMemberData[]): Promise<TeamRow> {
    return this.prisma.team.create({
      data: { name, members: { create: members } },
      select: TEAM_FIELDS,
    });
  }

  /** Renames and/or replaces the membership in one transaction; null when the team is gone. */
  async update(
    id: number,
    name: string | undefined,
    members: TeamMemberData[] | undefined,
  ): Promise<TeamRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.team.findUnique({ where: { id }, select: { id: true } });
      if (!found) return null;
      if (name !== undefined) await tx.team.update({ where: { id }, data: { name } });
      if (members !== undefined) {
        // Members SSO put here and still listed stay SSO's (their group leaving removes them).
        const viaSso = new Set(
          (
            await tx.teamMember.findMany({ where: { teamId: id, viaSso: true }, select: { userId: true } })
          ).map((m) => m.userId),
        );
        await tx.teamMember.deleteMany({ where: { teamId: id } });
        await tx.teamMember.createMany({
          data: members.map((m) => ({ ...m, teamId: id, viaSso: viaSso.has(m.userId) })),
        });
      }
      return tx.team.findUnique({ where: { id }, select: TEAM_FIELDS });
    });
  }

  /** Members and project links go with it (cascades); time entries are untouched. */
  async delete(id: number): Promise<boolean> {
    const { count } = await this.prisma.team.deleteMany({ where: { id } });
    return count > 0;
  }
}
