import { ClientsRepository, ProjectsRepository, ProjectsService, RatesRepository } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogActors, insertTimeEntry } from './catalog-support';
import { sql, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let actors: Awaited<ReturnType<typeof catalogActors>>;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  actors = await catalogActors(app);
  prisma = createPrismaClient(db.url, { poolSize: 2 });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await app?.close();
  await db?.drop();
});

async function post(path: string, body: Record<string, unknown> = {}, status = 201) {
  const { agent, csrf } = actors.admin;
  return (await agent.post(`/api/v1${path}`).set('X-CSRF-Token', csrf).send(body).expect(status)).body;
}

describe('creating and reading projects', () => {
  it("has no rate of its own unless given one (entries then use the client's); null means none", async () => {
    const client = await post('/clients', { name: 'Acme', defaultHourlyRate: '90' });
    const inherited = await post('/projects', {
      name: 'Website',
      clientId: client.id,
      billingRef: 'ACME-42',
    });
    expect(inherited).toMatchObject({
      name: 'Website',
      clientId: client.id,
      clientName: 'Acme',
      hourlyRate: null,
      billable: true,
      billingRef: 'ACME-42',
      status: 'active',
    });
    const own = await post('/projects', { name: 'Audit', clientId: client.id, hourlyRate: '120.5' });
    expect(own.hourlyRate).toBe('120.50');
    const none = await post('/projects', {
      name: 'Pro bono',
      clientId: client.id,
      hourlyRate: null,
      billable: false,
    });
    expect(none).toMatchObject({ hourlyRate: null, billable: false });
    const orphan = await post('/projects', { name: 'Internal' });
    expect(orphan).toMatchObject({ clientId: null, clientName: null, hourlyRate: null });
    // The legacy free-text column follows the client, for adopted databases that still read it.
    expect(
      await sql(
        db.url,
        `SELECT client, (SELECT count(*)::int FROM rates WHERE project_id = p.id) AS rates FROM projects p WHERE id = $1`,
        [inherited.id],
      ),
    ).toEqual([{ client: 'Acme', rates: 0 }]);
    // Everyone reads the project; its rate only those who may see rates (docs/roles.md).
    const read = await actors.member.agent.get(`/api/v1/projects/${inherited.id}`).expect(200);
    const { hourlyRate: _rate, ...withoutRate } = inherited;
    expect(read.body).toEqual(withoutRate);
  });

  it('refuses bad input with 400, an unknown client with 400, an inactive client with 409', async () => {
    const { agent, csrf } = actors.admin;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'X', colour: 'red' }, 'colour'],
      [{ name: 'X', hourlyRate: '12.345' }, 'hourlyRate'],
      [{ name: 'X', hourlyRate: 'abc' }, 'hourlyRate'],
      [{ name: 'X', hourlyRate: 12.5 }, 'hourlyRate'],
      [{ name: 'X', billable: 'yes' }, 'billable'],
      [{ name: 'X', clientId: 'one' }, 'clientId'],
      [{ name: 'X', status: 'archived' }, 'status'],
      [{ name: '' }, 'name'],
    ];
    for (const [body, path] of cases) {
      const res = await agent.post('/api/v1/projects').set('X-CSRF-Token', csrf).send(body).expect(400);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    const unknown = await post('/projects', { name: 'X', clientId: 999999 }, 400);
    expect(unknown).toMatchObject({ code: 'VALIDATION', errors: [{ path: 'clientId' }] });
    const sleepy = await post('/clients', { name: 'Sleepy' });
    await post(`/clients/${sleepy.id}/archive`, {}, 200);
    const inactive = await post('/projects', { name: 'X', clientId: sleepy.id }, 409);
    expect(inactive).toMatchObject({ code: 'INVALID_STATE' });
    expect(await sql(db.url, `SELECT 1 FROM projects WHERE name = 'X'`)).toHaveLength(0);
    await agent.get('/api/v1/projects?pageSize=501').expect(400);
    await agent.get('/api/v1/projects?billable=maybe').expect(400);
    await agent.get('/api/v1/projects?status=inactive').expect(400);
  });

  it('answers 409 on a name clash within one client, not across clients', async () => {
    const a = await post('/clients', { name: 'Clash A' });
    const b = await post('/clients', { name: 'Clash B' });
    await post('/projects', { name: 'Support', clientId: a.id });
    const clash = await post('/projects', { name: 'SUPPORT', clientId: a.id }, 409);
    expect(clash).toMatchObject({ code: 'CONFLICT' });
    expect(clash.detail).toContain('"Support" already exists');
    const other = await post('/projects', { name: 'Support', clientId: b.id });
    // Moving it next to its namesake is a clash too.
    const { agent, csrf } = actors.admin;
    await agent
      .patch(`/api/v1/projects/${other.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ clientId: a.id })
      .expect(409);
  });

  it('answers 401 without credentials, 403 to non-admin writers, 404 for unknown ids', async () => {
    const { http, member, admin } = actors;
    await http().get('/api/v1/projects').expect(401);
    await http().get('/api/v1/projects/1').expect(401);
    const [general] = await sql<{ id: number }>(db.url, `SELECT id FROM projects WHERE name = 'General'`);
    await member.agent.get('/api/v1/projects').expect(200);
    for (const write of [
      member.agent.post('/api/v1/projects').send({ name: 'Mine' }),
      member.agent.patch(`/api/v1/projects/${general!.id}`).send({ name: 'Mine' }),
      member.agent.post(`/api/v1/projects/${general!.id}/archive`),
      member.agent.delete(`/api/v1/projects/${general!.id}`),
    ]) {
      const res = await write.set('X-CSRF-Token', member.csrf).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(await sql(db.url, `SELECT name, status FROM projects WHERE id = $1`, [general!.id])).toEqual([
      { name: 'General', status: 'active' },
    ]);
    const missing = await admin.agent.get('/api/v1/projects/999999').expect(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', detail: 'Project not found' });
    await post('/projects/999999/archive', {}, 404);
    await admin.agent.delete('/api/v1/projects/999999').set('X-CSRF-Token', admin.csrf).expect(404);
  });
});

describe('updating, archiving and deleting projects', () => {
  it('updates only the fields sent and moves a project to another client', async () => {
    const { agent, csrf } = actors.admin;
    const from = await post('/clients', { name: 'From Co', defaultHourlyRate: '50' });
    const to = await post('/clients', { name: 'To Co', defaultHourlyRate: '60' });
    const project = await post('/projects', {
      name: 'Migration',
      clientId: from.id,
      description: 'Old',
      hourlyRate: '50',
    });
    const moved = await agent
      .patch(`/api/v1/projects/${project.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ clientId: to.id, billingRef: 'TO-1' })
      .expect(200);
    // The project's own rate stays: a move does not reprice it.
    expect(moved.body).toMatchObject({
      clientId: to.id,
      clientName: 'To Co',
      hourlyRate: '50.00',
      billingRef: 'TO-1',
      description: 'Old',
    });
    expect(await sql(db.url, `SELECT client FROM projects WHERE id = $1`, [project.id])).toEqual([
      { client: 'To Co' },
    ]);
    const detached = await agent
      .patch(`/api/v1/projects/${project.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ clientId: null, hourlyRate: '75.25', description: null })
      .expect(200);
    expect(detached.body).toMatchObject({
      clientId: null,
      clientName: null,
      hourlyRate: '75.25',
      description: null,
    });
    await agent.patch(`/api/v1/projects/${project.id}`).set('X-CSRF-Token', csrf).send({}).expect(400);
    await agent
      .patch(`/api/v1/projects/${project.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ clientId: 999999 })
      .expect(400);
  });

  it('archives and activates; an archived project (or inactive client) accepts no time', async () => {
    const client = await post('/clients', { name: 'Archive Co' });
    const project = await post('/projects', { name: 'Old work', clientId: client.id });
    const service = new ProjectsService(
      new ProjectsRepository(prisma),
      new ClientsRepository(prisma),
      new RatesRepository(prisma),
    );
    await expect(service.assertAcceptsTime(project.id)).resolves.toMatchObject({
      id: project.id,
      billable: true,
    });

    expect((await post(`/projects/${project.id}/archive`, {}, 200)).status).toBe('archived');
    await expect(service.assertAcceptsTime(project.id)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: 'Project "Old work" is archived and accepts no new time',
    });
    expect((await post(`/projects/${project.id}/activate`, {}, 200)).status).toBe('active');
    await service.assertAcceptsTime(project.id);

    await post(`/clients/${client.id}/archive`, {}, 200);
    await expect(service.assertAcceptsTime(project.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(service.assertAcceptsTime(999999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes an unused project, and archives one with time instead (the time stays)', async () => {
    const { agent, csrf, user } = actors.admin;
    const unused = await post('/projects', { name: 'Unused' });
    const gone = await agent.delete(`/api/v1/projects/${unused.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(gone.body).toMatchObject({ deleted: true, project: { id: unused.id, name: 'Unused' } });
    await agent.get(`/api/v1/projects/${unused.id}`).expect(404);

    const used = await post('/projects', { name: 'Used' });
    const entry = await insertTimeEntry(db.url, used.id, user.id);
    const kept = await agent.delete(`/api/v1/projects/${used.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(kept.body).toMatchObject({ deleted: false, project: { id: used.id, status: 'archived' } });
    expect(await sql(db.url, `SELECT project_id FROM time_entries WHERE id = $1`, [entry])).toEqual([
      { project_id: used.id },
    ]);
    const planned = await post('/projects', { name: 'Planned' });
    await sql(db.url, `INSERT INTO tasks (project_id, name, created_by) VALUES ($1, 'Design', $2)`, [
      planned.id,
      user.id,
    ]);
    const withTask = await agent
      .delete(`/api/v1/projects/${planned.id}`)
      .set('X-CSRF-Token', csrf)
      .expect(200);
    expect(withTask.body).toMatchObject({ deleted: false, project: { status: 'archived' } });
    // Asking again changes nothing and still loses nothing.
    await agent.delete(`/api/v1/projects/${used.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(await sql(db.url, `SELECT 1 FROM time_entries WHERE id = $1`, [entry])).toHaveLength(1);
  });
});

describe('listing projects', () => {
  it('filters by client, status, billable and search; sorts by name, client and createdAt; pages', async () => {
    const { agent } = actors.admin;
    const zed = await post('/clients', { name: 'Zed Listing' });
    const abe = await post('/clients', { name: 'Abe Listing' });
    await post('/projects', { name: 'L-Alpha', clientId: zed.id });
    await post('/projects', { name: 'L-Beta', clientId: abe.id, billable: false });
    const gamma = await post('/projects', { name: 'L-Gamma', clientId: zed.id, billingRef: 'REF-77' });
    await post('/projects', { name: 'L-Delta', clientId: abe.id });
    await post(`/projects/${gamma.id}/archive`, {}, 200);
    const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((p) => p.name);

    const all = await agent.get('/api/v1/projects?search=L-').expect(200);
    expect(all.body.total).toBe(4);
    expect(names(all)).toEqual(['L-Alpha', 'L-Beta', 'L-Delta', 'L-Gamma']);
    expect(names(await agent.get('/api/v1/projects?search=l-&sort=client').expect(200))).toEqual([
      'L-Beta',
      'L-Delta',
      'L-Alpha',
      'L-Gamma',
    ]);
    expect(
      names(await agent.get('/api/v1/projects?search=L-&sort=-createdAt&pageSize=1').expect(200)),
    ).toEqual(['L-Delta']);
    expect(names(await agent.get(`/api/v1/projects?clientId=${zed.id}`).expect(200))).toEqual([
      'L-Alpha',
      'L-Gamma',
    ]);
    expect(names(await agent.get('/api/v1/projects?search=L-&status=archived').expect(200))).toEqual([
      'L-Gamma',
    ]);
    expect(
      names(await agent.get('/api/v1/projects?search=L-&status=active&billable=true').expect(200)),
    ).toEqual(['L-Alpha', 'L-Delta']);
    expect(names(await agent.get('/api/v1/projects?billable=false&search=L-').expect(200))).toEqual([
      'L-Beta',
    ]);
    expect(names(await agent.get('/api/v1/projects?search=ref-77').expect(200))).toEqual(['L-Gamma']);
    expect(names(await agent.get('/api/v1/projects?search=abe%20list').expect(200))).toEqual([
      'L-Beta',
      'L-Delta',
    ]);

    const page = await agent.get('/api/v1/projects?search=L-&sort=-name&page=2&pageSize=3').expect(200);
    expect(page.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(names(page)).toEqual(['L-Alpha']);
  });
});

describe('with a personal API token', () => {
  it('reads and writes as Bearer, without a CSRF header', async () => {
    const { http, bearer } = actors;
    const created = await http()
      .post('/api/v1/projects')
      .set('Authorization', bearer)
      .send({ name: 'Token project', hourlyRate: '33.3' })
      .expect(201);
    expect(created.body.hourlyRate).toBe('33.30');
    const read = await http()
      .get(`/api/v1/projects/${created.body.id}`)
      .set('Authorization', bearer)
      .expect(200);
    expect(read.body).toEqual(created.body);
    const gone = await http()
      .delete(`/api/v1/projects/${created.body.id}`)
      .set('Authorization', bearer)
      .expect(200);
    expect(gone.body.deleted).toBe(true);
  });
});
