import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_MIGRATIONS,
  dumpAll,
  legacyFixture,
  repoPrismaDir,
  runCli,
  scratchDatabases,
  startup,
  tempPrismaDir,
  withClient,
} from './support';

/**
 * The migration that turned the comma-separated tags of entries and favourites into tags and
 * links, both ways: up makes one tag per name ignoring case and links keeping each value's
 * order, down writes the values back from the links.
 */
const TAGS = ALL_MIGRATIONS.find((m) => m.endsWith('_tags'))!;
const downSql = readFileSync(path.join(repoPrismaDir, 'migrations', TAGS, 'down.sql'), 'utf8');

const scratch = scratchDatabases();
afterEach(() => scratch.dropAll());

/** A prisma folder whose newest migration is the one before TAGS (or TAGS itself). */
function prismaDirUpTo(last: 'before' | 'tags'): string {
  const dir = tempPrismaDir();
  const from = ALL_MIGRATIONS.indexOf(TAGS) + (last === 'tags' ? 1 : 0);
  for (const later of ALL_MIGRATIONS.slice(from))
    rmSync(path.join(dir, 'migrations', later), { recursive: true });
  return dir;
}

/** The column the migration would give back: trimmed, no empties, one spelling per name. */
const LONG = 'L'.repeat(480);
const ODD_VALUES: [string | null, string | null][] = [
  // [stored before, stored after up then down]
  ['design,ux', 'design,ux'],
  ['ux, design', 'ux,design'],
  ['  Design ,, UX ,design,', 'design,ux'],
  [',,', null],
  ['', null],
  [null, null],
  ['\tmeeting\n', 'meeting'],
  [`${LONG},x`, `${LONG},x`],
  ['café,Ünïcode,CAFÉ', 'café,Ünïcode'],
  ['a b c', 'a b c'],
];

describe('migration tags: comma-separated tags become tags and links', () => {
  it('moves odd values losslessly and down.sql gives the same column values back', async () => {
    const db = await scratch.create();
    await startup(db.url, prismaDirUpTo('before'));
    const ids = await withClient(db.url, async (c) => {
      const entryIds: number[] = [];
      for (const [value] of ODD_VALUES) {
        const { rows } = await c.query<{ id: number }>(
          `INSERT INTO time_entries (user_id, project_id, start_time, end_time, duration_seconds, tags)
           SELECT 1, min(id), now() - interval '1 hour', now(), 3600, $1 FROM projects RETURNING id`,
          [value],
        );
        entryIds.push(rows[0]!.id);
      }
      const { rows } = await c.query<{ id: number }>(
        `INSERT INTO favourites (user_id, project_id, tags, position)
         SELECT 1, min(id), ' Meeting , DESIGN,new-one', 1 FROM projects RETURNING id`,
      );
      return { entryIds, favouriteId: rows[0]!.id };
    });

    // Migrations after TAGS stay out, so that the rollback below is TAGS's own.
    const throughTags = prismaDirUpTo('tags');
    const up = await startup(db.url, throughTags);
    expect(up.migrate.applied).toEqual([TAGS]);
    expect(up.verify.ok).toBe(true);
    const after = await dumpAll(db.url);
    expect(after.time_entries![0]).not.toHaveProperty('tags');
    // One tag per name ignoring case, spelled as it first appears (entries first).
    // "Ignoring case" is the database's lower(): a cluster made with LC_CTYPE=C (the embedded
    // server) folds only ASCII letters, so CAFÉ and café stay two tags there.
    const folds = await withClient(db.url, async (c) => {
      const { rows } = await c.query<{ folds: boolean }>(`SELECT lower('CAFÉ') = 'café' AS folds`);
      return rows[0]!.folds;
    });
    expect(after.tags!.map((t) => t.name).sort()).toEqual(
      [
        'design',
        'ux',
        'meeting',
        LONG,
        'x',
        'café',
        'Ünïcode',
        'a b c',
        'new-one',
        ...(folds ? [] : ['CAFÉ']),
      ].sort(),
    );
    expect(after.tags!.every((t) => t.archived === false && t.colour === null)).toBe(true);
    // Entries that had both spellings have one link.
    const linksOf = (id: number) => after.time_entry_tags!.filter((l) => l.time_entry_id === id);
    expect(linksOf(ids.entryIds[2]!)).toHaveLength(2);
    // The favourite's names now point at the entries' tags.
    const name = (tagId: unknown) => after.tags!.find((t) => t.id === tagId)!.name;
    expect(
      after
        .favourite_tags!.filter((l) => l.favourite_id === ids.favouriteId)
        .sort((a, b) => Number(a.position) - Number(b.position))
        .map((l) => name(l.tag_id)),
    ).toEqual(['meeting', 'design', 'new-one']);
    // The unique index on lower(name) (prisma/sql/006) is in place: a second spelling is refused.
    await expect(
      withClient(db.url, (c) => c.query(`INSERT INTO tags (name) VALUES ('DESIGN')`)),
    ).rejects.toThrow(/uq_tags_name_ci/);

    // The real rollback: refused without --force (it drops the tags tables), then done.
    const refused = await runCli(['rollback'], { DATABASE_URL: db.url, PRISMA_DIR: throughTags });
    expect(refused.code).toBe(1);
    const rolledBack = await runCli(['rollback', '--force'], {
      DATABASE_URL: db.url,
      PRISMA_DIR: throughTags,
    });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(`rolled back ${TAGS}`);
    const back = await dumpAll(db.url);
    expect(back.tags).toBeUndefined();
    expect(back.time_entry_tags).toBeUndefined();
    const tagsOf = (id: number) => back.time_entries!.find((e) => e.id === id)!.tags;
    expect(ids.entryIds.map(tagsOf)).toEqual(
      ODD_VALUES.map(([value, expected]) => (!folds && value?.includes('CAFÉ') ? value : expected)),
    );
    expect(back.favourites!.find((f) => f.id === ids.favouriteId)!.tags).toBe('meeting,design,new-one');
    // updated_at is not touched by the way back.
    for (const e of after.time_entries!)
      expect(back.time_entries!.find((b) => b.id === e.id)!.updated_at).toBe(e.updated_at);
  });

  it('adopted legacy databases: tags become rows, and down gives the original values back', async () => {
    for (const fixture of ['seed-schema', 'orm-schema'] as const) {
      const db = await scratch.create();
      const original = await withClient(db.url, async (c) => {
        await c.query(legacyFixture(fixture));
        const { rows } = await c.query<{ id: number; tags: string | null }>(
          `SELECT id, tags FROM time_entries ORDER BY id`,
        );
        return rows;
      });
      const result = await startup(db.url);
      expect(result.verify.ok).toBe(true);
      const after = await dumpAll(db.url);
      expect(after.tags!.map((t) => t.name).sort()).toEqual(['design', 'internal', 'ux']);
      expect(after.time_entry_tags).toHaveLength(4);

      await withClient(db.url, (c) => c.query(downSql));
      const back = await withClient(db.url, (c) =>
        c.query<{ id: number; tags: string | null }>(`SELECT id, tags FROM time_entries ORDER BY id`),
      );
      expect(back.rows, fixture).toEqual(original);
    }
  });
});
