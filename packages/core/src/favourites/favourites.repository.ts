import type { Prisma, PrismaClient } from '@timetracker/db';

const FAVOURITE_SELECT = {
  id: true,
  userId: true,
  projectId: true,
  taskId: true,
  notes: true,
  tags: true,
  billable: true,
  position: true,
  createdAt: true,
  project: { select: { name: true, status: true, clientRef: { select: { name: true, status: true } } } },
  task: { select: { name: true } },
} satisfies Prisma.FavouriteSelect;

export type FavouriteRow = Prisma.FavouriteGetPayload<{ select: typeof FAVOURITE_SELECT }>;

export interface FavouriteFields {
  projectId: number;
  taskId: number | null;
  notes: string | null;
  tags: string | null;
  billable: boolean | null;
}

/** A project that accepts time: active, and its client (if any) too. */
const OPEN_PROJECT = {
  status: 'active',
  OR: [{ clientId: null }, { clientRef: { status: 'active' } }],
} satisfies Prisma.ProjectWhereInput;

/** Namespace of the per-user advisory lock that serializes changes to the order of a strip. */
const STRIP_LOCK_NAMESPACE = 0x7118;

export class FavouritesRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The user's favourites in strip order, without those whose project accepts no time. */
  listShown(userId: number): Promise<FavouriteRow[]> {
    return this.db.favourite.findMany({
      where: { userId, project: OPEN_PROJECT },
      select: FAVOURITE_SELECT,
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    });
  }

  find(id: number): Promise<FavouriteRow | null> {
    return this.db.favourite.findUnique({ where: { id }, select: FAVOURITE_SELECT });
  }

  count(userId: number): Promise<number> {
    return this.db.favourite.count({ where: { userId } });
  }

  /**
   * Inserts the favourite at `position` (1-based; past the end = last) and renumbers the user's
   * favourites 1..n, in one transaction.
   */
  async insert(userId: number, fields: FavouriteFields, position: number | undefined): Promise<number> {
    return this.db.$transaction(async (tx) => {
      await lockStrip(tx, userId);
      const created = await tx.favourite.create({
        data: { userId, ...fields, position: 0 },
        select: { id: true },
      });
      await renumber(tx, userId, created.id, position);
      return created.id;
    });
  }

  /** Changes the favourite; with a position, moves it there and renumbers the others. */
  async update(
    id: number,
    userId: number,
    fields: Partial<FavouriteFields>,
    position: number | undefined,
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      if (position !== undefined) await lockStrip(tx, userId);
      await tx.favourite.update({ where: { id }, data: fields });
      if (position !== undefined) await renumber(tx, userId, id, position);
    });
  }

  /**
   * Puts the listed favourites first, in that order, and the user's others after them as they
   * were, numbered 1..n. False (and nothing changed) when one of `ids` is not the user's.
   */
  async reorder(userId: number, ids: number[]): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await lockStrip(tx, userId);
      const all = await strip(tx, userId);
      const own = new Set(all.map((f) => f.id));
      if (!ids.every((id) => own.has(id))) return false;
      const listed = new Set(ids);
      await writeOrder(tx, all, [...ids, ...all.map((f) => f.id).filter((id) => !listed.has(id))]);
      return true;
    });
  }

  async delete(id: number): Promise<boolean> {
    return (await this.db.favourite.deleteMany({ where: { id } })).count > 0;
  }
}

/** Puts `movedId` at `position` (undefined: last) among the user's favourites, numbered 1..n. */
async function renumber(
  tx: Prisma.TransactionClient,
  userId: number,
  movedId: number,
  position: number | undefined,
): Promise<void> {
  const all = await strip(tx, userId);
  const others = all.filter((f) => f.id !== movedId).map((f) => f.id);
  const at = Math.min(Math.max((position ?? others.length + 1) - 1, 0), others.length);
  await writeOrder(tx, all, [...others.slice(0, at), movedId, ...others.slice(at)]);
}

/** The user's favourites in strip order (ids and positions). */
function strip(tx: Prisma.TransactionClient, userId: number) {
  return tx.favourite.findMany({
    where: { userId },
    select: { id: true, position: true },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  });
}

/** Numbers `order` 1..n, writing only the positions that change. */
async function writeOrder(
  tx: Prisma.TransactionClient,
  all: { id: number; position: number }[],
  order: number[],
): Promise<void> {
  const was = new Map(all.map((f) => [f.id, f.position]));
  for (const [i, favouriteId] of order.entries()) {
    if (was.get(favouriteId) !== i + 1)
      await tx.favourite.update({ where: { id: favouriteId }, data: { position: i + 1 } });
  }
}

/**
 * Holds the user's strip lock until the transaction ends, so that concurrent moves, reorders
 * and inserts each renumber from what the one before wrote (never two favourites at one place).
 */
async function lockStrip(tx: Prisma.TransactionClient, userId: number): Promise<void> {
  // Raw SQL: Prisma has no API for advisory locks.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${STRIP_LOCK_NAMESPACE}::int, ${userId}::int)`;
}
