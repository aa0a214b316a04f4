import { Prisma } from '@timetracker/db';

export type TagMode = 'any' | 'all';

/**
 * The condition "entry `entryId` carries any (or all) of these tag names", names matched
 * ignoring case as the unique index on lower(name) does. A semi-join on the links (indexed by
 * tag_id), so lists, reports and exports filter in the database; a name no tag has matches
 * nothing (with all: no entry). `names` is not empty.
 */
export function tagFilterSql(entryId: Prisma.Sql, names: string[], mode: TagMode = 'any'): Prisma.Sql {
  // One parameter per name, not an array: exports inline the values into COPY (no binds).
  const list = Prisma.sql`ARRAY[${Prisma.join(names)}]::text[]`;
  const wanted = Prisma.sql`(SELECT lower(n) FROM unnest(${list}) n)`;
  if (mode === 'any')
    return Prisma.sql`${entryId} IN (
      SELECT l.time_entry_id FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id
       WHERE lower(t.name) IN ${wanted})`;
  return Prisma.sql`${entryId} IN (
    SELECT l.time_entry_id FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id
     WHERE lower(t.name) IN ${wanted}
     GROUP BY l.time_entry_id
    HAVING count(*) = (SELECT count(DISTINCT lower(n)) FROM unnest(${list}) n))`;
}

/** An entry's tag names in their order, as a text[] (the entry `te`). */
export const ENTRY_TAG_NAMES = Prisma.sql`ARRAY(
  SELECT t.name FROM time_entry_tags l JOIN tags t ON t.id = l.tag_id
   WHERE l.time_entry_id = te.id ORDER BY l.position, t.id)`;
