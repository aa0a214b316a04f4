import {
  directDatabase,
  Prisma,
  type DirectDatabase,
  type DirectSql,
  type PrismaClient,
} from '@timetracker/db';

export interface TagRow {
  id: number;
  name: string;
  colour: string | null;
  archived: boolean;
  /** Entries that carry the tag. */
  entries: number;
  createdAt: string;
}

export interface TagListFilter {
  /** Part of the name, any case; names starting with it come first. */
  search?: string;
  archived?: boolean;
}

const TAG_SQL = Prisma.sql`
  SELECT t.id, t.name, t.colour, t.archived,
         (SELECT count(*)::int FROM time_entry_tags l WHERE l.tag_id = t.id) AS entries,
         to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
    FROM tags t`;

/**
 * Tags and the links of entries and favourites to them. Raw SQL: names are matched by
 * lower(name), the expression of the unique index (prisma/sql/006), which Prisma cannot say,
 * and a merge moves links with INSERT … ON CONFLICT.
 */
export class TagsRepository {
  private readonly db: DirectDatabase;

  constructor(prisma: PrismaClient) {
    this.db = directDatabase(prisma);
  }

  async page(filter: TagListFilter, skip: number, take: number): Promise<{ items: TagRow[]; total: number }> {
    const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
    // position() needs no LIKE escaping of % and _ in what a person types.
    if (filter.search) where.push(Prisma.sql`position(lower(${filter.search}) in lower(t.name)) > 0`);
    if (filter.archived !== undefined) where.push(Prisma.sql`t.archived = ${filter.archived}`);
    const w = Prisma.join(where, ' AND ');
    const prefix = filter.search
      ? Prisma.sql`(position(lower(${filter.search}) in lower(t.name)) = 1) DESC,`
      : Prisma.empty;
    const [items, counted] = await Promise.all([
      this.db.rows<TagRow>(Prisma.sql`
        SELECT * FROM (${TAG_SQL} WHERE ${w}) t
         ORDER BY ${prefix} lower(t.name), t.id
         LIMIT ${take} OFFSET ${skip}`),
      this.db.rows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM tags t WHERE ${w}`),
    ]);
    return { items, total: counted[0]!.n };
  }

  async byId(id: number): Promise<TagRow | null> {
    const [row] = await this.db.rows<TagRow>(Prisma.sql`${TAG_SQL} WHERE t.id = ${id}`);
    return row ?? null;
  }

  /** The tags with these names, ignoring case. */
  byNames(names: string[]): Promise<TagRow[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.db.rows<TagRow>(
      Prisma.sql`${TAG_SQL} WHERE lower(t.name) = ANY(SELECT lower(n) FROM unnest(${names}::text[]) n)`,
    );
  }

  /** Inserts the tag unless one of that name (ignoring case) exists; null then. */
  async insert(name: string, colour: string | null): Promise<number | null> {
    const [row] = await this.db.rows<{ id: number }>(Prisma.sql`
      INSERT INTO tags (name, colour) VALUES (${name}, ${colour})
      ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`);
    return row?.id ?? null;
  }

  /** Inserts the names no tag has yet (ignoring case); concurrent inserts of a name make one. */
  /** Creates the names not taken (ignoring case); the ids of those this call created. */
  async insertMissing(names: string[]): Promise<number[]> {
    if (names.length === 0) return [];
    const rows = await this.db.rows<{ id: number }>(Prisma.sql`
      INSERT INTO tags (name) SELECT n FROM unnest(${names}::text[]) n
      ON CONFLICT ((lower(name))) DO NOTHING
      RETURNING id`);
    return rows.map((r) => r.id);
  }

  /** Deletes those of the tags that no entry or favourite has (raw: a conditional bulk delete). */
  async deleteUnused(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.rows(Prisma.sql`
      DELETE FROM tags t WHERE t.id = ANY(${ids}::int[])
        AND NOT EXISTS (SELECT 1 FROM time_entry_tags e WHERE e.tag_id = t.id)
        AND NOT EXISTS (SELECT 1 FROM favourite_tags f WHERE f.tag_id = t.id)
      RETURNING t.id`);
  }

  /** Changes the given fields; false when the tag is gone. A name taken is a P2002 (409). */
  async update(
    id: number,
    fields: { name?: string; colour?: string | null; archived?: boolean },
  ): Promise<boolean> {
    const set: Prisma.Sql[] = [];
    if (fields.name !== undefined) set.push(Prisma.sql`name = ${fields.name}`);
    if (fields.colour !== undefined) set.push(Prisma.sql`colour = ${fields.colour}`);
    if (fields.archived !== undefined) set.push(Prisma.sql`archived = ${fields.archived}`);
    if (set.length === 0) return (await this.byId(id)) !== null;
    const rows = await this.db.rows(
      Prisma.sql`UPDATE tags SET ${Prisma.join(set)} WHERE id = ${id} RETURNING id`,
    );
    return rows.length > 0;
  }

  /**
   * Moves every link of `sourceId` to `targetId` and deletes the source, in one transaction: an
   * entry (or favourite) that had both keeps one link, at the target's place. Both tags are
   * locked first, so a concurrent merge or rename waits. Returns the entries moved and those
   * that already had the target, or null when either tag is gone.
   */
  merge(sourceId: number, targetId: number): Promise<{ moved: number; alreadyTagged: number } | null> {
    return this.db.transaction(
      async (tx: DirectSql) => {
        const locked = await tx.rows<{ id: number }>(
          Prisma.sql`SELECT id FROM tags WHERE id IN (${sourceId}, ${targetId}) ORDER BY id FOR UPDATE`,
        );
        if (locked.length < 2) return null;
        const [counts] = await tx.rows<{ moved: number; already: number }>(Prisma.sql`
          WITH moved AS (
            INSERT INTO time_entry_tags (time_entry_id, tag_id, position)
            SELECT time_entry_id, ${targetId}, position FROM time_entry_tags WHERE tag_id = ${sourceId}
            ON CONFLICT (time_entry_id, tag_id) DO NOTHING
            RETURNING 1)
          SELECT (SELECT count(*)::int FROM moved) AS moved,
                 (SELECT count(*)::int FROM time_entry_tags WHERE tag_id = ${sourceId}) AS already`);
        await tx.rows(Prisma.sql`
          INSERT INTO favourite_tags (favourite_id, tag_id, position)
          SELECT favourite_id, ${targetId}, position FROM favourite_tags WHERE tag_id = ${sourceId}
          ON CONFLICT (favourite_id, tag_id) DO NOTHING`);
        await tx.rows(Prisma.sql`DELETE FROM time_entry_tags WHERE tag_id = ${sourceId}`);
        await tx.rows(Prisma.sql`DELETE FROM favourite_tags WHERE tag_id = ${sourceId}`);
        await tx.rows(Prisma.sql`DELETE FROM tags WHERE id = ${sourceId}`);
        return { moved: counts!.moved, alreadyTagged: counts!.already - counts!.moved };
      },
      { lockTimeoutMs: 15_000 },
    );
  }

  /**
   * Deletes a tag no entry carries (favourites drop it); false when entries still do, null when
   * it is gone. Entries keep their tags: such a tag is archived or merged instead.
   */
  remove(id: number): Promise<boolean | null> {
    return this.db.transaction(
      async (tx) => {
        const [tag] = await tx.rows<{ id: number }>(
          Prisma.sql`SELECT id FROM tags WHERE id = ${id} FOR UPDATE`,
        );
        if (!tag) return null;
        const [used] = await tx.rows(Prisma.sql`SELECT 1 FROM time_entry_tags WHERE tag_id = ${id} LIMIT 1`);
        if (used) return false;
        await tx.rows(Prisma.sql`DELETE FROM favourite_tags WHERE tag_id = ${id}`);
        await tx.rows(Prisma.sql`DELETE FROM tags WHERE id = ${id}`);
        return true;
      },
      { lockTimeoutMs: 15_000 },
    );
  }

  async tagCreation(): Promise<string> {
    const [row] = await this.db.rows<{ v: string }>(
      Prisma.sql`SELECT tag_creation AS v FROM settings WHERE id = 1`,
    );
    return row?.v ?? 'everyone';
  }
}
