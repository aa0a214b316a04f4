import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogActors, insertTimeEntry } from './catalog-support';
import { sql, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let actors: Awaited<ReturnType<typeof catalogActors>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  actors = await catalogActors(app);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** Creates a client as the admin (cookie session) and returns the response body. */
async function createClient(body: Record<string, unknown>) {
  const { agent, csrf } = actors.admin;
  return (await agent.post('/api/v1/clients').set('X-CSRF-Token', csrf).send(body).expect(201)).body;
}

describe('creating and reading clients', () => {
  it('creates a client with every field; money is a decimal string; anyone signed in can read it but its rate', async () => {
    const created = await createClient({
      name: '  Acme Corp ',
      description: 'Rockets and anvils',
      contactPerson: 'Wile E.',
      email: 'billing@acme.test',
      phone: '+1 555 0100',
      address: '1 Desert Road',
      defaultHourlyRate: '90.5',
    });
    expect(created).toMatchObject({
      name: 'Acme Corp',
      email: 'billing@acme.test',
      defaultHourlyRate: '90.50',
      status: 'active',
      projectCount: 0,
    });
    expect(created.createdAt).toMatch(/Z$/);
    expect(created).not.toHaveProperty('_count');
    const [stored] = await sql(
      db.url,
      `SELECT amount::text AS rate FROM rates WHERE client_id = $1 AND kind = 'billable'`,
      [created.id],
    );
    expect(stored!.rate).toBe('90.50');

    // Everyone reads the client; its rate only those who may see rates (docs/roles.md).
    const read = await actors.member.agent.get(`/api/v1/clients/${created.id}`).expect(200);
    const { defaultHourlyRate: _rate, ...withoutRate } = created;
    expect(read.body).toEqual(withoutRate);
  });

  it('treats blank optional fields as none', async () => {
    const created = await createClient({
      name: 'Blank Ltd',
      email: '',
      phone: '  ',
      defaultHourlyRate: null,
    });
    expect(created).toMatchObject({ email: null, phone: null, defaultHourlyRate: null, description: null });
  });

  it('refuses bad input with 400 and field errors', async () => {
    const { agent, csrf } = actors.admin;
    const post = (body: Record<string, unknown>) =>
      agent.post('/api/v1/clients').set('X-CSRF-Token', csrf).send(body).expect(400);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'X', vip: true }, 'vip'],
      [{ name: 'X', email: 'not-an-email' }, 'email'],
      [{ name: 'X', defaultHourlyRate: '12.345' }, 'defaultHourlyRate'],
      [{ name: 'X', defaultHourlyRate: 'abc' }, 'defaultHourlyRate'],
      [{ name: 'X', defaultHourlyRate: 85 }, 'defaultHourlyRate'],
      [{ name: 'X', defaultHourlyRate: '-5.00' }, 'defaultHourlyRate'],
      [{ name: '   ' }, 'name'],
      [{}, 'name'],
    ];
    for (const [body, path] of cases) {
      const res = await post(body);
      expect(res.body.code, JSON.stringify(body)).toBe('VALIDATION');
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect(await sql(db.url, `SELECT 1 FROM clients WHERE name = 'X'`)).toHaveLength(0);
    await agent.get('/api/v1/clients?pageSize=501').expect(400);
    await agent.get('/api/v1/clients?status=archived').expect(400);
    await agent.get('/api/v1/clients?sort=email').expect(400);
    await agent.get('/api/v1/clients/abc').expect(400);
  });

  it('answers 409 on a name clash, whatever the case', async () => {
    const { agent, csrf } = actors.admin;
    await createClient({ name: 'Globex' });
    const clash = await agent
      .post('/api/v1/clients')
      .set('X-CSRF-Token', csrf)
      .send({ name: 'GLOBEX' })
      .expect(409);
    expect(clash.body).toMatchObject({ code: 'CONFLICT' });
    expect(clash.body.detail).toContain('"Globex" already exists');
    const other = await createClient({ name: 'Initech' });
    await agent
      .patch(`/api/v1/clients/${other.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ name: 'globex' })
      .expect(409);
    // Renaming a client to its own name (in another case) is not a clash.
    await agent
      .patch(`/api/v1/clients/${other.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ name: 'INITECH' })
      .expect(200);
  });

  it('answers 401 without credentials, 403 to non-admin writers, 404 for unknown ids', async () => {
    const { http, member, admin } = actors;
    await http().get('/api/v1/clients').expect(401);
    await http().post('/api/v1/clients').send({ name: 'Nope' }).expect(401);
    const forbidden = await member.agent
      .post('/api/v1/clients')
      .set('X-CSRF-Token', member.csrf)
      .send({ name: 'Nope' })
      .expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const [seeded] = await sql<{ id: number }>(
      db.url,
      `SELECT id FROM clients WHERE name = 'Default Client'`,
    );
    for (const write of [
      member.agent.patch(`/api/v1/clients/${seeded!.id}`).send({ name: 'Mine' }),
      member.agent.post(`/api/v1/clients/${seeded!.id}/archive`),
      member.agent.delete(`/api/v1/clients/${seeded!.id}`),
    ]) {
      await write.set('X-CSRF-Token', member.csrf).expect(403);
    }
    expect(await sql(db.url, `SELECT name, status FROM clients WHERE id = $1`, [seeded!.id])).toEqual([
      { name: 'Default Client', status: 'active' },
    ]);
    const missing = await admin.agent.get('/api/v1/clients/999999').expect(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', detail: 'Client not found' });
    await admin.agent
      .patch('/api/v1/clients/999999')
      .set('X-CSRF-Token', admin.csrf)
      .send({ phone: '1' })
      .expect(404);
    await admin.agent.delete('/api/v1/clients/999999').set('X-CSRF-Token', admin.csrf).expect(404);
  });
});

describe('updating, archiving and deleting clients', () => {
  it('updates only the fields sent; null clears; a rename reaches the legacy projects.client text', async () => {
    const { agent, csrf } = actors.admin;
    const client = await createClient({ name: 'Hooli', phone: '123', defaultHourlyRate: '100' });
    const project = await agent
      .post('/api/v1/projects')
      .set('X-CSRF-Token', csrf)
      .send({ name: 'Search', clientId: client.id })
      .expect(201);
    const updated = await agent
      .patch(`/api/v1/clients/${client.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ name: 'Hooli XYZ', phone: null })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: 'Hooli XYZ',
      phone: null,
      defaultHourlyRate: '100.00',
      projectCount: 1,
    });
    expect(await sql(db.url, `SELECT client FROM projects WHERE id = $1`, [project.body.id])).toEqual([
      { client: 'Hooli XYZ' },
    ]);
    await agent.patch(`/api/v1/clients/${client.id}`).set('X-CSRF-Token', csrf).send({}).expect(400);
    await agent
      .patch(`/api/v1/clients/${client.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ status: 'inactive' })
      .expect(400);
  });

  it('archives and activates', async () => {
    const { agent, csrf } = actors.admin;
    const client = await createClient({ name: 'Umbrella' });
    const archived = await agent
      .post(`/api/v1/clients/${client.id}/archive`)
      .set('X-CSRF-Token', csrf)
      .expect(200);
    expect(archived.body.status).toBe('inactive');
    expect(await sql(db.url, `SELECT status FROM clients WHERE id = $1`, [client.id])).toEqual([
      { status: 'inactive' },
    ]);
    const active = await agent
      .post(`/api/v1/clients/${client.id}/activate`)
      .set('X-CSRF-Token', csrf)
      .expect(200);
    expect(active.body.status).toBe('active');
  });

  it('deletes a client without projects, and archives one whose project has time instead', async () => {
    const { agent, csrf, user } = actors.admin;
    const lonely = await createClient({ name: 'Lonely Inc' });
    const gone = await agent.delete(`/api/v1/clients/${lonely.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(gone.body).toMatchObject({ deleted: true, client: { id: lonely.id, name: 'Lonely Inc' } });
    expect(await sql(db.url, `SELECT 1 FROM clients WHERE id = $1`, [lonely.id])).toHaveLength(0);
    await agent.get(`/api/v1/clients/${lonely.id}`).expect(404);

    const busy = await createClient({ name: 'Busy Inc' });
    const project = await agent
      .post('/api/v1/projects')
      .set('X-CSRF-Token', csrf)
      .send({ name: 'Ongoing', clientId: busy.id })
      .expect(201);
    const entry = await insertTimeEntry(db.url, project.body.id, user.id);
    const kept = await agent.delete(`/api/v1/clients/${busy.id}`).set('X-CSRF-Token', csrf).expect(200);
    expect(kept.body).toMatchObject({ deleted: false, client: { id: busy.id, status: 'inactive' } });
    expect(await sql(db.url, `SELECT project_id FROM time_entries WHERE id = $1`, [entry])).toEqual([
      { project_id: project.body.id },
    ]);
    expect(await sql(db.url, `SELECT 1 FROM projects WHERE id = $1`, [project.body.id])).toHaveLength(1);
  });
});

describe('listing clients', () => {
  it('searches name, contact and email; filters by status; sorts; pages with totals', async () => {
    const { agent, csrf } = actors.admin;
    const names = ['Zeta Search', 'Alpha Search', 'Mid Search'];
    for (const name of names) await createClient({ name });
    await createClient({ name: 'By Contact', contactPerson: 'Sam SEARCHER' });
    await createClient({ name: 'By Mail', email: 'ops@search.test' });
    const mid = await agent.get('/api/v1/clients?search=mid%20search').expect(200);
    await agent.post(`/api/v1/clients/${mid.body.items[0].id}/archive`).set('X-CSRF-Token', csrf).expect(200);

    const all = await agent.get('/api/v1/clients?search=search').expect(200);
    expect(all.body.total).toBe(5);
    expect(all.body.items.map((c: { name: string }) => c.name)).toEqual([
      'Alpha Search',
      'By Contact',
      'By Mail',
      'Mid Search',
      'Zeta Search',
    ]);

    const page2 = await agent.get('/api/v1/clients?search=search&sort=-name&page=2&pageSize=2').expect(200);
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.items.map((c: { name: string }) => c.name)).toEqual(['By Mail', 'By Contact']);

    const inactive = await agent.get('/api/v1/clients?search=search&status=inactive').expect(200);
    expect(inactive.body.items.map((c: { name: string }) => c.name)).toEqual(['Mid Search']);
    const active = await agent.get('/api/v1/clients?search=search&status=active').expect(200);
    expect(active.body.total).toBe(4);

    const newest = await agent.get('/api/v1/clients?search=search&sort=-createdAt&pageSize=1').expect(200);
    expect(newest.body.items[0].name).toBe('By Mail');
    const defaults = await agent.get('/api/v1/clients').expect(200);
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 50 });
    expect(defaults.body.items.map((c: { name: string }) => c.name)).toContain('Default Client');
  });
});

describe('with a personal API token', () => {
  it('reads and writes as Bearer, without a CSRF header', async () => {
    const { http, bearer } = actors;
    const created = await http()
      .post('/api/v1/clients')
      .set('Authorization', bearer)
      .send({ name: 'Token Co', defaultHourlyRate: '70' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Token Co', defaultHourlyRate: '70.00' });
    const listed = await http()
      .get('/api/v1/clients?search=token%20co')
      .set('Authorization', bearer)
      .expect(200);
    expect(listed.body.items).toEqual([created.body]);
    await http().post(`/api/v1/clients/${created.body.id}/archive`).set('Authorization', bearer).expect(200);
    await http().get('/api/v1/clients').set('Authorization', 'Bearer not-a-token').expect(401);
  });
});
