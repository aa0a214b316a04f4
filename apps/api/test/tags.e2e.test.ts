import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportWorld, type ReportWorld, type Session } from './report-fixtures';

// Tags you can manage (issue #17 §6): CRUD, merge, archive, who may create, filters by tags.

let w: ReportWorld;
const post = (who: Session, url: string, body: object = {}) =>
  who.agent.post(url).set('X-CSRF-Token', who.csrf).send(body);
const patch = (who: Session, url: string, body: object) =>
  who.agent.patch(url).set('X-CSRF-Token', who.csrf).send(body);
const del = (who: Session, url: string) => who.agent.delete(url).set('X-CSRF-Token', who.csrf);
const entry = (who: Session, start: string, tags: string[], extra: object = {}) =>
  post(who, '/api/v1/time-entries', {
    projectId: w.projects.web,
    startTime: start,
    endTime: new Date(Date.parse(start) + 3600_000).toISOString(),
    tags,
    ...extra,
  });
const tagId = async (name: string) =>
  (await w.sql<{ id: number }>(`SELECT id FROM tags WHERE lower(name) = lower($1)`, [name]))[0]?.id;

beforeAll(async () => {
  w = await reportWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  await w.sql(`UPDATE settings SET tag_creation = 'everyone', timezone = 'UTC', overlap_policy = 'allow'`);
  await w.sql(`DELETE FROM time_entries`);
  await w.sql(`DELETE FROM favourites`);
  await w.sql(`DELETE FROM tags`);
});

describe('tags CRUD', () => {
  it('creates, lists with search and usage counts, gets, renames, recolours and archives', async () => {
    const design = (await post(w.admin, '/api/v1/tags', { name: ' Design ', colour: '#1C7ED6' }).expect(201))
      .body;
    expect(design).toMatchObject({ name: 'Design', colour: '#1c7ed6', archived: false, entries: 0 });
    await post(w.alice, '/api/v1/tags', { name: 'deploy' }).expect(201);
    await post(w.alice, '/api/v1/tags', { name: 'code-review' }).expect(201);
    await entry(w.alice, '2025-03-03T08:00:00Z', ['design']).expect(201);

    // Autocomplete: names starting with the text first, then those containing it; any case.
    const found = await w.alice.agent.get('/api/v1/tags?search=DE').expect(200);
    expect(found.body.items.map((t: { name: string }) => t.name)).toEqual([
      'deploy',
      'Design',
      'code-review',
    ]);
    expect(found.body.items.find((t: { name: string }) => t.name === 'Design').entries).toBe(1);
    expect(found.body.total).toBe(3);

    await w.alice.agent.get(`/api/v1/tags/${design.id}`).expect(200);
    const renamed = await patch(w.admin, `/api/v1/tags/${design.id}`, {
      name: 'UX design',
      colour: null,
    }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'UX design', colour: null });
    // Every entry shows the new name.
    const list = await w.alice.agent.get('/api/v1/time-entries').expect(200);
    expect(list.body.items[0].tags).toEqual(['UX design']);

    await patch(w.admin, `/api/v1/tags/${design.id}`, { archived: true }).expect(200);
    expect((await w.alice.agent.get('/api/v1/tags?archived=false').expect(200)).body.total).toBe(2);
  });

  it('refuses bad input, a taken name, users managing tags, and unknown ids', async () => {
    await post(w.admin, '/api/v1/tags', { name: 'a,b' }).expect(400);
    await post(w.admin, '/api/v1/tags', { name: 'x', colour: 'red' }).expect(400);
    await post(w.admin, '/api/v1/tags', { name: 'x', extra: 1 }).expect(400);
    const x = (await post(w.admin, '/api/v1/tags', { name: 'x' }).expect(201)).body;
    const y = (await post(w.admin, '/api/v1/tags', { name: 'y' }).expect(201)).body;
    const taken = await post(w.alice, '/api/v1/tags', { name: 'X' }).expect(409);
    expect(taken.body.detail).toContain('already exists');
    await patch(w.admin, `/api/v1/tags/${y.id}`, { name: 'X' }).expect(409);

    // A user can't rename, recolour, archive, merge or delete.
    const refused = await patch(w.alice, `/api/v1/tags/${x.id}`, { name: 'mine' }).expect(403);
    expect(refused.body.detail).toMatch(/Only admins/);
    await patch(w.alice, `/api/v1/tags/${x.id}`, { archived: true }).expect(403);
    await post(w.alice, `/api/v1/tags/${x.id}/merge`, { into: y.id }).expect(403);
    await del(w.alice, `/api/v1/tags/${x.id}`).expect(403);
    expect((await w.alice.agent.get(`/api/v1/tags/${x.id}`).expect(200)).body.name).toBe('x');

    await w.alice.agent.get('/api/v1/tags/99999').expect(404);
    await w.alice.agent.get('/api/v1/tags/99999999999').expect(400);
    await patch(w.admin, '/api/v1/tags/99999', { name: 'z' }).expect(404);
    await post(w.admin, `/api/v1/tags/${x.id}/merge`, { into: 99999 }).expect(404);
    await post(w.admin, `/api/v1/tags/${x.id}/merge`, { into: x.id }).expect(400);
    await request(w.app.getHttpServer()).get('/api/v1/tags').expect(401);
  });

  it('works with an API token: list, create, and a user token still cannot rename', async () => {
    const token = (await post(w.alice, '/api/v1/tokens', { name: 'tags' }).expect(201)).body.token as string;
    const api = () => request(w.app.getHttpServer());
    const made = await api()
      .post('/api/v1/tags')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'from-script' })
      .expect(201);
    const listed = await api()
      .get('/api/v1/tags?search=script')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(listed.body.items.map((t: { name: string }) => t.name)).toEqual(['from-script']);
    await api()
      .patch(`/api/v1/tags/${made.body.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'renamed' })
      .expect(403);
  });

  it('deletes an unused tag; one that entries carry is a 409 (archive or merge it)', async () => {
    await entry(w.alice, '2025-03-03T08:00:00Z', ['used']).expect(201);
    const unused = (await post(w.admin, '/api/v1/tags', { name: 'unused' }).expect(201)).body;
    await del(w.admin, `/api/v1/tags/${unused.id}`).expect(204);
    const used = await del(w.admin, `/api/v1/tags/${await tagId('used')}`).expect(409);
    expect(used.body.detail).toMatch(/archive it|merge it/);
  });
});

describe('tags on entries', () => {
  it('picks existing tags ignoring case, creates new ones on the fly, keeps the order', async () => {
    await post(w.admin, '/api/v1/tags', { name: 'Design' }).expect(201);
    const res = await entry(w.alice, '2025-03-03T08:00:00Z', ['new-one', 'DESIGN', 'design']).expect(201);
    expect(res.body.tags).toEqual(['new-one', 'Design']);
    const tags = await w.alice.agent.get('/api/v1/tags').expect(200);
    expect(tags.body.items.map((t: { name: string; entries: number }) => [t.name, t.entries])).toEqual([
      ['Design', 1],
      ['new-one', 1],
    ]);
    // An edit replaces them; a timer and a favourite take them too.
    const edited = await patch(w.alice, `/api/v1/time-entries/${res.body.id}`, { tags: ['design'] }).expect(
      200,
    );
    expect(edited.body.tags).toEqual(['Design']);
    const timer = await post(w.alice, '/api/v1/timer/start', {
      projectId: w.projects.web,
      tags: ['timer-tag'],
    });
    expect(timer.status).toBe(201);
    expect(timer.body.tags).toEqual(['timer-tag']);
    const fav = await post(w.alice, '/api/v1/favourites', {
      projectId: w.projects.web,
      tags: ['Fav', 'design'],
    });
    expect(fav.status).toBe(201);
    expect(fav.body.tags).toEqual(['Fav', 'Design']);
  });

  it('with tagCreation = admins a user picks only existing tags (403 naming the new one); admins still create', async () => {
    await post(w.admin, '/api/v1/tags', { name: 'existing' }).expect(201);
    await patch(w.admin, '/api/v1/settings', { tagCreation: 'admins' }).expect(200);
    expect((await w.alice.agent.get('/api/v1/settings').expect(200)).body.tagCreation).toBe('admins');

    await entry(w.alice, '2025-03-03T08:00:00Z', ['Existing']).expect(201);
    const refused = await entry(w.alice, '2025-03-03T10:00:00Z', ['existing', 'brand-new']).expect(403);
    expect(refused.body.detail).toContain('"brand-new" is not an existing tag');
    await post(w.alice, '/api/v1/tags', { name: 'brand-new' }).expect(403);
    await post(w.alice, '/api/v1/timer/start', { projectId: w.projects.web, tags: ['brand-new'] }).expect(
      403,
    );
    expect(await tagId('brand-new')).toBeUndefined();
    // Nothing was written by the refused entry.
    expect(await w.sql(`SELECT id FROM time_entries`)).toHaveLength(1);

    await entry(w.admin, '2025-03-03T10:00:00Z', ['brand-new']).expect(201);
    await patch(w.admin, '/api/v1/settings', { tagCreation: 'nobody' }).expect(400);
  });

  it('an archived tag cannot be added to an entry, but stays on the entries that have it', async () => {
    const old = await entry(w.alice, '2025-03-03T08:00:00Z', ['legacy', 'keep']).expect(201);
    await patch(w.admin, `/api/v1/tags/${await tagId('legacy')}`, { archived: true }).expect(200);

    const refused = await entry(w.alice, '2025-03-04T08:00:00Z', ['keep', 'legacy']).expect(400);
    expect(refused.body.errors).toEqual([{ path: 'tags.1', message: 'archived tag' }]);
    expect(refused.body.detail).toContain('"legacy" is archived');
    // The entry that had it keeps it through an edit of its tags and of other fields.
    const kept = await patch(w.alice, `/api/v1/time-entries/${old.body.id}`, {
      tags: ['LEGACY', 'new'],
    }).expect(200);
    expect(kept.body.tags).toEqual(['legacy', 'new']);
    await patch(w.alice, `/api/v1/time-entries/${old.body.id}`, { notes: 'x' }).expect(200);
    expect((await w.alice.agent.get(`/api/v1/time-entries/${old.body.id}`)).body.tags).toEqual([
      'legacy',
      'new',
    ]);
    // Continuing the entry carries it over.
    const continued = await post(w.alice, `/api/v1/time-entries/${old.body.id}/continue`).expect(201);
    expect(continued.body.tags).toEqual(['legacy', 'new']);
  });
});

describe('merge', () => {
  it('moves links into the other tag, entries that had both end with one, and deletes the source', async () => {
    const both = await entry(w.alice, '2025-03-03T08:00:00Z', ['dev', 'development', 'x']).expect(201);
    const onlySource = await entry(w.bob, '2025-03-03T10:00:00Z', ['development']).expect(201);
    await entry(w.alice, '2025-03-04T08:00:00Z', ['dev']).expect(201);
    const fav = await post(w.alice, '/api/v1/favourites', {
      projectId: w.projects.web,
      tags: ['development', 'dev'],
    }).expect(201);
    const source = (await tagId('development'))!;
    const target = (await tagId('dev'))!;

    const res = await post(w.admin, `/api/v1/tags/${source}/merge`, { into: target }).expect(200);
    expect(res.body).toMatchObject({
      tag: { id: target, name: 'dev', entries: 3 },
      moved: 1,
      alreadyTagged: 1,
    });
    await w.admin.agent.get(`/api/v1/tags/${source}`).expect(404);
    expect((await w.alice.agent.get(`/api/v1/time-entries/${both.body.id}`)).body.tags).toEqual(['dev', 'x']);
    expect((await w.bob.agent.get(`/api/v1/time-entries/${onlySource.body.id}`)).body.tags).toEqual(['dev']);
    expect(
      await w.sql(`SELECT count(*)::int AS n FROM time_entry_tags WHERE time_entry_id = $1`, [both.body.id]),
    ).toEqual([{ n: 2 }]);
    expect((await w.alice.agent.get(`/api/v1/favourites/${fav.body.id}`)).body.tags).toEqual(['dev']);
    // Merging a tag that is gone is a 404, and nothing changes.
    await post(w.admin, `/api/v1/tags/${source}/merge`, { into: target }).expect(404);
  });
});

describe('filters by several tags, any or all', () => {
  beforeEach(async () => {
    await entry(w.alice, '2025-03-03T08:00:00Z', ['a', 'b']).expect(201); // 1 h
    await entry(w.alice, '2025-03-04T08:00:00Z', ['a']).expect(201);
    await entry(w.alice, '2025-03-05T08:00:00Z', ['B', 'c']).expect(201);
    await entry(w.alice, '2025-03-06T08:00:00Z', []).expect(201);
    await entry(w.bob, '2025-03-03T08:00:00Z', ['a', 'b']).expect(201);
  });
  const MARCH = 'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z';
  const days = (items: { startTime: string }[]) => items.map((e) => e.startTime.slice(0, 10)).sort();

  it('entries: tags=a,b or repeated, any (default) or all, names ignoring case', async () => {
    const any = await w.alice.agent.get('/api/v1/time-entries?tags=a,b').expect(200);
    expect(days(any.body.items)).toEqual(['2025-03-03', '2025-03-04', '2025-03-05']);
    const all = await w.alice.agent.get('/api/v1/time-entries?tags=A&tags=b&tagMode=all').expect(200);
    expect(days(all.body.items)).toEqual(['2025-03-03']);
    expect(all.body.total).toBe(1);
    const none = await w.alice.agent.get('/api/v1/time-entries?tags=a,nope&tagMode=all').expect(200);
    expect(none.body.total).toBe(0);
    // The old single-tag filter still works.
    expect((await w.alice.agent.get('/api/v1/time-entries?tag=c').expect(200)).body.total).toBe(1);
    // Admins filter everyone's.
    expect(
      (await w.admin.agent.get('/api/v1/time-entries?tags=a,b&tagMode=all').expect(200)).body.total,
    ).toBe(2);
    await w.alice.agent.get('/api/v1/time-entries?tags=a&tagMode=some').expect(400);
  });

  it('reports: summary and series count only matching entries, grouped by tag too', async () => {
    const sum = async (q: string) =>
      (await w.alice.agent.get(`/api/v1/reports/summary?${MARCH}&${q}`).expect(200)).body.totals;
    expect((await sum('tags=a,b')).entries).toBe(3);
    expect((await sum('tags=a,b&tagMode=all')).entries).toBe(1);
    expect((await sum('tags=a,b&tagMode=all')).seconds).toBe(3600);
    const byTag = await w.alice.agent.get(`/api/v1/reports/summary?${MARCH}&groupBy=tag`).expect(200);
    expect(
      byTag.body.rows
        .map((r: { groups: { label: string }[]; entries: number }) => [r.groups[0]!.label, r.entries])
        .sort(),
    ).toEqual([
      ['(none)', 1],
      ['a', 2],
      ['b', 2],
      ['c', 1],
    ]);
    const series = await w.alice.agent
      .get(
        `/api/v1/reports/series/hours-by-day?from=2025-03-03T00:00:00Z&to=2025-03-07T00:00:00Z&tags=b,c&tagMode=all`,
      )
      .expect(200);
    expect(series.body.points.map((p: { key: string; seconds: number }) => [p.key, p.seconds])).toEqual([
      ['2025-03-03', 0],
      ['2025-03-04', 0],
      ['2025-03-05', 3600],
      ['2025-03-06', 0],
    ]);
  });

  it('CSV export: only matching entries, tags column from the links', async () => {
    const csv = async (q: string) => {
      const res = await w.alice.agent
        .get(`/api/v1/exports/time-entries.csv?${MARCH}&columns=date,tags&${q}`)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      return (res.body as string).split('\r\n').filter(Boolean).slice(1).sort();
    };
    expect(await csv('tags=a,b&tagMode=all')).toEqual(['2025-03-03,"a, b"']);
    expect(await csv('tags=c')).toEqual(['2025-03-05,"b, c"']);
    expect(await csv('tags=a,b')).toHaveLength(3);
  });
});
