import type { Prisma, PrismaClient } from '@timetracker/db';
import { trackableWhere, type ProjectScope } from '../access/project-scope.repository';
import type { DeleteUnlessReferencedOutcome } from '../clients/clients.repository';

export const PROJECT_FIELDS = {
  id: true,
  name: true,
  clientId: true,
  description: true,
  billable: true,
  // The project's own billable rates, newest first: the view shows the one in force today.
  rates: {
    where: { kind: 'billable', userId: null },
    orderBy: { effectiveFrom: 'desc' },
    select: { effectiveFrom: true, amount: true },
  },
  roundingMinutes: true,
  roundingMode: true,
  billingRef: true,
  status: true,
  visibility: true,
  createdAt: true,
  updatedAt: true,
  clientRef: { select: { name: true } },
  members: { select: { userId: true }, orderBy: { userId: 'asc' } },
  teams: { select: { teamId: true }, orderBy: { teamId: 'asc' } },
} satisfies Prisma.ProjectSelect;

export type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof PROJECT_FIELDS }>;

export interface ProjectListFilter {
  clientId?: number;
  status?: 'active' | 'archived';
  billable?: boolean;
  search?: string;
}

/** Writable fields; `client` is the legacy free-text column, kept equal to the client's name. */
export interface ProjectData {
  name?: string;
  clientId?: number | null;
  client?: string | null;
  description?: string | null;
  billable?: boolean;
  roundingMinutes?: number | null;
  roundingMode?: string | null;
  billingRef?: string | null;
  status?: string;
  visibility?: string;
}

/** Who may track on a private project besides admins: users directly and whole teams. */
export interface ProjectMembership {
  memberIds?: number[];
  teamIds?: number[];
}

/** What recording time on a project needs to know. */
export interface ProjectForTime {
  id: number;
  name: string;
  status: string;
  billable: boolean;
  clientId: number | null;
  clientRef: { name: string; status: string } | null;
}

export class ProjectsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The project, if it is within `scope` (null: any project). */
  findById(id: number, scope: ProjectScope = null): Promise<ProjectRow | null> {
    return this.prisma.project.findFirst({ where: { id, ...trackableWhere(scope) }, select: PROJECT_FIELDS });
  }

  /** Which of these ids are users and teams (a membership naming others is a 400). */
  async existing(memberIds: number[], teamIds: number[]): Promise<{ users: number[]; teams: number[] }> {
    const [users, teams] = await Promise.all([
      memberIds.length === 0
        ? []
        : this.prisma.user.findMany({ where: { id: { in: memberIds } }, select: { id: true } }),
      teamIds.length === 0
        ? []
        : this.prisma.team.findMany({ where: { id: { in: teamIds } }, select: { id: true } }),
    ]);
    return { users: users.map((u) => u.id), teams: teams.map((t) => t.id) };
  }

  findForTime(id: number): Promise<ProjectForTime | null> {
    return this.prisma.project.findUnique({
      where: { id },
      select: {
        id: true,
        name: true,
        status: true,
        billable: true,
        clientId: true,
        clientRef: { select: { name: true, status: true } },
      },
    });
  }

  /** Case-insensitive name lookup among one client's projects (or those without a client). */
  findByName(
    name: string,
    clientId: number | null,
    exceptId?: number,
  ): Promise<{ id: number; name: string } | null> {
    return this.prisma.project.findFirst({
      where: {
        name: { equals: name, mode: 'insensitive' },
        clientId,
        ...(exceptId === undefined ? {} : { id: { not: exceptId } }),
      },
      select: { id: true, name: true },
    });
  }

  async list(
    filter: ProjectListFilter,
    page: { skip: number; take: number; orderBy: Prisma.ProjectOrderByWithRelationInput[] },
    scope: ProjectScope = null,
  ) {
    const contains = (value: string) => ({ contains: value, mode: 'insensitive' as const });
    const where: Prisma.ProjectWhereInput = {
      AND: [trackableWhere(scope)],
      ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }),
      ...(filter.billable === undefined ? {} : { billable: filter.billable }),
      // Only "active" is active: any other stored value (adopted data) counts as archived.
      ...(filter.status === 'active' ? { status: 'active' } : {}),
      ...(filter.status === 'archived' ? { status: { not: 'active' } } : {}),
      ...(filter.search
        ? {
            OR: [
              { name: contains(filter.search) },
              { billingRef: contains(filter.search) },
              { clientRef: { name: contains(filter.search) } },
            ],
          }
        : {}),
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.project.findMany({ where, select: PROJECT_FIELDS, ...page }),
      this.prisma.project.count({ where }),
    ]);
    return { items, total };
  }

  create(data: ProjectData & { name: string }, membership: ProjectMembership = {}): Promise<ProjectRow> {
    return this.prisma.project.create({
      data: {
        ...data,
        members: { create: (membership.memberIds ?? []).map((userId) => ({ userId })) },
        teams: { create: (membership.teamIds ?? []).map((teamId) => ({ teamId })) },
      },
      select: PROJECT_FIELDS,
    });
  }

  /** Changes the fields; a membership list sent replaces the previous one (one transaction). */
  update(id: number, data: ProjectData, membership: ProjectMembership = {}): Promise<ProjectRow> {
    return this.prisma.project.update({
      where: { id },
      data: {
        ...data,
        ...(membership.memberIds
          ? { members: { deleteMany: {}, create: membership.memberIds.map((userId) => ({ userId })) } }
          : {}),
        ...(membership.teamIds
          ? { teams: { deleteMany: {}, create: membership.teamIds.map((teamId) => ({ teamId })) } }
          : {}),
      },
      select: PROJECT_FIELDS,
    });
  }

  /**
   * Deletes the project only if no time entry, task or invoice refers to it. Those foreign keys
   * cascade, so deleting a referenced project would silently delete tracked time or invoices.
   */
  deleteUnlessReferenced(id: number): Promise<DeleteUnlessReferencedOutcome> {
    return this.prisma.$transaction(async (tx) => {
      // Prisma has no row locks. FOR UPDATE makes a concurrent insert of an entry, task or invoice
      // for this project (its foreign-key check takes KEY SHARE on the row) wait for our decision,
      // so the cascade can never take a row that appeared after the check.
      const locked = await tx.$queryRaw<
        { id: number }[]
      >`SELECT id FROM projects WHERE id = ${id} FOR UPDATE`;
      if (locked.length === 0) return 'missing';
      const where = { projectId: id };
      if (await tx.timeEntry.findFirst({ where, select: { id: true } })) return 'referenced';
      if (await tx.task.findFirst({ where, select: { id: true } })) return 'referenced';
      if (await tx.invoice.findFirst({ where, select: { id: true } })) return 'referenced';
      await tx.project.delete({ where: { id } });
      return 'deleted';
    });
  }
}
