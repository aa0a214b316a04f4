import type { Prisma, PrismaClient } from '@timetracker/db';
import { clientVisibleWhere, type ProjectScope } from '../access/project-scope.repository';

export const CLIENT_FIELDS = {
  id: true,
  name: true,
  description: true,
  contactPerson: true,
  email: true,
  phone: true,
  address: true,
  // The client's billable rates, newest first: the view shows the one in force today.
  rates: {
    where: { kind: 'billable' },
    orderBy: { effectiveFrom: 'desc' },
    select: { effectiveFrom: true, amount: true },
  },
  roundingMinutes: true,
  roundingMode: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { projects: true } },
} satisfies Prisma.ClientSelect;

export type ClientRow = Prisma.ClientGetPayload<{ select: typeof CLIENT_FIELDS }>;

export interface ClientListFilter {
  search?: string;
  status?: 'active' | 'inactive';
}

/** Writable fields; money as a decimal string so no float ever touches it. */
export interface ClientData {
  name?: string;
  description?: string | null;
  contactPerson?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  roundingMinutes?: number | null;
  roundingMode?: string | null;
  status?: string;
}

export type DeleteUnlessReferencedOutcome = 'deleted' | 'referenced' | 'missing';

export class ClientsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The client, if visible within `scope` (null: any client). */
  findById(id: number, scope: ProjectScope = null): Promise<ClientRow | null> {
    return this.prisma.client.findFirst({
      where: { id, ...clientVisibleWhere(scope) },
      select: CLIENT_FIELDS,
    });
  }

  /** settings.rates_visible_to_all: whether everyone sees rates (asked only for those who may not). */
  async ratesVisibleToAll(): Promise<boolean> {
    const row = await this.prisma.settings.findUnique({
      where: { id: 1 },
      select: { ratesVisibleToAll: true },
    });
    return row?.ratesVisibleToAll ?? false;
  }

  /** Case-insensitive, so "ACME" and "Acme" cannot both exist (the unique index is case-sensitive). */
  findByName(name: string, exceptId?: number): Promise<{ id: number; name: string } | null> {
    return this.prisma.client.findFirst({
      where: {
        name: { equals: name, mode: 'insensitive' },
        ...(exceptId === undefined ? {} : { id: { not: exceptId } }),
      },
      select: { id: true, name: true },
    });
  }

  async list(
    filter: ClientListFilter,
    page: { skip: number; take: number; orderBy: Prisma.ClientOrderByWithRelationInput[] },
    scope: ProjectScope = null,
  ) {
    const contains = (value: string) => ({ contains: value, mode: 'insensitive' as const });
    const where: Prisma.ClientWhereInput = {
      AND: [clientVisibleWhere(scope)],
      ...(filter.search
        ? {
            OR: [
              { name: contains(filter.search) },
              { contactPerson: contains(filter.search) },
              { email: contains(filter.search) },
            ],
          }
        : {}),
      // Only "active" is active: any other stored value (adopted data) counts as inactive.
      ...(filter.status === 'active' ? { status: 'active' } : {}),
      ...(filter.status === 'inactive' ? { status: { not: 'active' } } : {}),
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.client.findMany({ where, select: CLIENT_FIELDS, ...page }),
      this.prisma.client.count({ where }),
    ]);
    return { items, total };
  }

  create(data: ClientData & { name: string }): Promise<ClientRow> {
    return this.prisma.client.create({ data, select: CLIENT_FIELDS });
  }

  /**
   * A rename also rewrites the legacy free-text `projects.client` of its projects, in the same
   * transaction: adopted databases and old reports still read that column.
   */
  async update(id: number, data: ClientData): Promise<ClientRow> {
    if (data.name === undefined) {
      return this.prisma.client.update({ where: { id }, data, select: CLIENT_FIELDS });
    }
    const [row] = await this.prisma.$transaction([
      this.prisma.client.update({ where: { id }, data, select: CLIENT_FIELDS }),
      this.prisma.project.updateMany({ where: { clientId: id }, data: { client: data.name } }),
    ]);
    return row;
  }

  /** Deletes the client only if no project refers to it, deciding and deleting atomically. */
  deleteUnlessReferenced(id: number): Promise<DeleteUnlessReferencedOutcome> {
    return this.prisma.$transaction(async (tx) => {
      // Prisma has no row locks. FOR UPDATE makes a concurrent project insert for this client
      // (its foreign-key check takes KEY SHARE on the row) wait until we have decided.
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM clients WHERE id = ${id} FOR UPDATE`;
      if (locked.length === 0) return 'missing';
      const project = await tx.project.findFirst({ where: { clientId: id }, select: { id: true } });
      if (project) return 'referenced';
      await tx.client.delete({ where: { id } });
      return 'deleted';
    });
  }
}
