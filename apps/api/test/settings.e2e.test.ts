import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type Session, signIn, signInNewUser, sqlOn, startApi } from './support';
import type { ApiApp } from '../src/app';

let db: TestDatabase;
let app: ApiApp;
let admin: Session;
let user: Session;
const http = () => request(app.getHttpServer());

const sql = sqlOn(() => db.url);

const patch = (body: unknown, who = admin) =>
  who.agent
    .patch('/api/v1/settings')
    .set('X-CSRF-Token', who.csrf)
    .send(body as object);

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const upload = (content: Buffer, filename: string, contentType: string, who = admin) =>
  who.agent
    .put('/api/v1/settings/logo')
    .set('X-CSRF-Token', who.csrf)
    .attach('file', content, { filename, contentType });

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(db.url);
  admin = await signIn(app, ADMIN);
  user = await signInNewUser(app, admin, { username: 'worker', password: 'granite-peak-90' });
  [templateSettings] = await sql(`SELECT * FROM settings`);
});
// Tests run shuffled: each starts from the template's settings and no logo, whatever ran before.
let templateSettings: Record<string, unknown> | undefined;
beforeEach(async () => {
  const columns = Object.keys(templateSettings!)
    .map((c) => `"${c}"`)
    .join(', ');
  await sql(
    `UPDATE settings SET (${columns}) = (SELECT ${columns} FROM json_populate_record(NULL::settings, $1::json))`,
    [JSON.stringify(templateSettings)],
  );
  await sql(`DELETE FROM uploaded_files`);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('GET /api/v1/settings', () => {
  it('shows the settings to any signed-in user, in camelCase; sign-up starts closed', async () => {
    const res = await user.agent.get('/api/v1/settings').expect(200);
    expect(res.body).toMatchObject({
      timezone: 'Europe/Rome',
      currency: 'EUR',
      roundingMinutes: 1,
      roundingMode: 'nearest',
      singleActiveTimer: true,
      // A fresh install (the template is one) has sign-up closed.
      allowSelfRegister: false,
      idleTimeoutMinutes: 30,
      backupRetentionDays: 30,
      backupTime: '02:00',
      exportDelimiter: ',',
      allowAnalytics: true,
      companyName: 'Your Company Name',
      companyLogoFilename: '',
      logoUrl: null,
      invoicePrefix: 'INV',
      invoiceStartNumber: 1000,
      invoiceTerms: expect.any(String),
      invoiceNotes: expect.any(String),
    });
    expect(Object.keys(res.body)).not.toContain('companyLogoFileId');
  });

  it('keeps the company’s tax id and bank details from everyone but admins', async () => {
    const taxId = 'IT01234567890';
    const bank = 'IBAN IT60 X054 2811 1010 0000 0123 456';
    await sql(`UPDATE settings SET company_tax_id = $1, company_bank_info = $2`, [taxId, bank]);

    const member = await user.agent.get('/api/v1/settings').expect(200);
    expect(Object.keys(member.body)).not.toContain('companyTaxId');
    expect(Object.keys(member.body)).not.toContain('companyBankInfo');
    expect(member.text).not.toContain(taxId);
    expect(member.text).not.toContain('IT60');
    expect(member.body.companyName).toEqual(expect.any(String));

    const own = await admin.agent.get('/api/v1/settings').expect(200);
    expect(own.body).toMatchObject({ companyTaxId: taxId, companyBankInfo: bank });
  });

  it('needs credentials', async () => {
    const res = await http().get('/api/v1/settings').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('PATCH /api/v1/settings', () => {
  it('changes only the fields sent, and they stay changed', async () => {
    const res = await patch({
      timezone: 'america/new_york',
      currency: 'usd',
      roundingMinutes: 15,
      roundingMode: 'up',
      exportDelimiter: '\t',
      backupTime: '23:59',
      idleTimeoutMinutes: 0,
      invoicePrefix: 'ACME-2026',
      companyName: '  Acme Srl ',
      companyEmail: 'billing@acme.example',
      emailFrom: ' Acme Time <time@acme.example> ',
      singleActiveTimer: false,
    }).expect(200);
    expect(res.body).toMatchObject({
      timezone: 'America/New_York',
      currency: 'USD',
      roundingMinutes: 15,
      roundingMode: 'up',
      exportDelimiter: '\t',
      backupTime: '23:59',
      idleTimeoutMinutes: 0,
      invoicePrefix: 'ACME-2026',
      companyName: 'Acme Srl',
      emailFrom: 'Acme Time <time@acme.example>',
      singleActiveTimer: false,
      backupRetentionDays: 30,
      invoiceStartNumber: 1000,
    });
    const [row] = await sql(
      `SELECT timezone, currency, rounding_minutes, export_delimiter, company_name, allow_self_register FROM settings`,
    );
    expect(row).toEqual({
      timezone: 'America/New_York',
      currency: 'USD',
      rounding_minutes: 15,
      export_delimiter: '\t',
      company_name: 'Acme Srl',
      allow_self_register: false,
    });
    expect((await user.agent.get('/api/v1/settings').expect(200)).body.timezone).toBe('America/New_York');
  });

  it.each([
    ['timezone', { timezone: 'Mars/Olympus_Mons' }],
    ['timezone', { timezone: '+01:00' }],
    ['currency', { currency: 'XYZ' }],
    ['roundingMinutes', { roundingMinutes: 7 }],
    ['roundingMode', { roundingMode: 'sideways' }],
    ['exportDelimiter', { exportDelimiter: 'x' }],
    ['backupTime', { backupTime: '25:00' }],
    ['backupTime', { backupTime: '7:30' }],
    ['backupRetentionDays', { backupRetentionDays: 0 }],
    ['idleTimeoutMinutes', { idleTimeoutMinutes: 1441 }],
    ['idleTimeoutMinutes', { idleTimeoutMinutes: -1 }],
    ['invoicePrefix', { invoicePrefix: 'INV 2026!' }],
    ['invoicePrefix', { invoicePrefix: 'ELEVENCHARS' }],
    ['invoiceStartNumber', { invoiceStartNumber: 0 }],
    ['companyName', { companyName: 'x'.repeat(201) }],
    ['companyEmail', { companyEmail: 'not-an-email' }],
    ['emailFrom', { emailFrom: 'Acme <nobody>' }],
    ['emailFrom', { emailFrom: 'a@b.example\r\nBcc: x@y.example' }],
    ['allowAnalytics', { allowAnalytics: 'yes' }],
    ['companyLogoFilename', { companyLogoFilename: 'evil.svg' }],
    ['foo', { foo: 1 }],
  ])('refuses a bad %s with a field error, changing nothing', async (path, body) => {
    const before = await sql(`SELECT * FROM settings`);
    const res = await patch({ companyName: 'Would Change', ...body }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await sql(`SELECT * FROM settings`)).toEqual(before);
  });

  it('refuses an empty change', async () => {
    expect((await patch({}).expect(400)).body.code).toBe('VALIDATION');
  });

  it('is for admins only', async () => {
    const res = await patch({ currency: 'GBP' }, user).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await http().patch('/api/v1/settings').send({ currency: 'GBP' }).expect(401);
    expect((await sql(`SELECT currency FROM settings`))[0]!.currency).toBe('EUR');
  });
});

describe('the company logo', () => {
  it('stores a PNG in the database and serves the same bytes publicly', async () => {
    const res = await upload(PNG, 'logo.png', 'image/png').expect(200);
    expect(res.body.logoUrl).toBe('/api/v1/settings/logo');
    expect(res.body.companyLogoFilename).toMatch(/^company-logo-[0-9a-f]{12}\.png$/);

    const logo = await http().get('/api/v1/settings/logo').buffer(true).expect(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(logo.body as Buffer, PNG)).toBe(0);
    const files = await sql<{ kind: string; size: number; data: Buffer }>(
      `SELECT kind, size, data FROM uploaded_files`,
    );
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ kind: 'company_logo', size: PNG.length });

    // The ETag is the content hash: an unchanged logo costs a 304.
    await http().get('/api/v1/settings/logo').set('If-None-Match', logo.headers.etag!).expect(304);
  });

  it('reads the type from the bytes: a text file named .png is refused, the old logo stays', async () => {
    await upload(PNG, 'logo.png', 'image/png').expect(200);
    const res = await upload(Buffer.from('I am not an image'), 'logo.png', 'image/png').expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION',
      errors: [expect.objectContaining({ path: 'file' })],
    });
    const logo = await http().get('/api/v1/settings/logo').buffer(true).expect(200);
    expect(Buffer.compare(logo.body as Buffer, PNG)).toBe(0);
  });

  // Issue #16: the SVG sniffing regex backtracked exponentially; 190 bytes of empty comments and
  // an `x` held the event loop (every request of every user) for minutes. The test's timeout bounds
  // it: each upload, and a request made while they run, must simply complete.
  it(
    'refuses crafted comment runs at once, and keeps serving others meanwhile',
    { timeout: 20_000 },
    async () => {
      const crafted = [27, 60, 585].map((n) => Buffer.from('<!---->'.repeat(n) + 'x'));
      expect(crafted[0]!.length).toBe(190);
      const uploads = crafted.map((bytes) => upload(bytes, 'logo.svg', 'image/svg+xml'));
      const [health, ...refused] = await Promise.all([http().get('/api/v1/health'), ...uploads]);
      expect(health.status).toBe(200);
      for (const res of refused) {
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    },
  );

  it('refuses more than 2 MB', async () => {
    await upload(PNG, 'logo.png', 'image/png').expect(200);
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const res = await upload(big, 'big.png', 'image/png').expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await sql(`SELECT size FROM uploaded_files`)).toEqual([{ size: PNG.length }]);
  });

  it('serves an SVG without its scripts and handlers, under a restrictive CSP', async () => {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 10 10">` +
      `<script>alert(2)</script><foreignObject><p>x</p></foreignObject>` +
      `<a href="javascript:alert(3)"><circle r="4" onclick="alert(4)" fill="#c00"/></a></svg>`;
    await upload(PNG, 'logo.png', 'image/png').expect(200);
    const res = await upload(Buffer.from(svg), 'logo.png', 'image/png').expect(200);
    expect(res.body.companyLogoFilename).toMatch(/\.svg$/);

    const logo = await http().get('/api/v1/settings/logo').buffer(true).expect(200);
    const served = Buffer.from(logo.body as Buffer).toString('utf8');
    expect(logo.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(logo.headers['content-security-policy']).toContain("default-src 'none'");
    expect(logo.headers['content-security-policy']).toContain('sandbox');
    expect(served).toContain('<circle r="4" fill="#c00"/>');
    expect(served).not.toMatch(/script|onload|onclick|alert|foreignObject|javascript/i);
    // Replaced, not added: one logo file in the table.
    expect(await sql(`SELECT content_type FROM uploaded_files`)).toEqual([{ content_type: 'image/svg+xml' }]);
  });

  it('refuses an SVG it cannot make safe', async () => {
    const svg = `<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg>&e;</svg>`;
    const res = await upload(Buffer.from(svg), 'logo.svg', 'image/svg+xml').expect(400);
    expect(res.body.errors[0].path).toBe('file');
  });

  it('wants exactly one file field, from an admin with the CSRF token', async () => {
    await upload(PNG, 'logo.png', 'image/png').expect(200);
    await admin.agent.put('/api/v1/settings/logo').set('X-CSRF-Token', admin.csrf).expect(400);
    await admin.agent
      .put('/api/v1/settings/logo')
      .set('X-CSRF-Token', admin.csrf)
      .field('note', 'x')
      .attach('file', PNG, 'logo.png')
      .expect(400);
    await admin.agent.put('/api/v1/settings/logo').attach('file', PNG, 'logo.png').expect(403);
    await upload(PNG, 'logo.png', 'image/png', user).expect(403);
    await http().put('/api/v1/settings/logo').attach('file', PNG, 'logo.png').expect(401);
    expect(await sql(`SELECT content_type FROM uploaded_files`)).toEqual([{ content_type: 'image/png' }]);
  });

  it('is removed by an admin; then GET is a 404 problem', async () => {
    await upload(PNG, 'logo.png', 'image/png').expect(200);
    await user.agent.delete('/api/v1/settings/logo').set('X-CSRF-Token', user.csrf).expect(403);
    const res = await admin.agent.delete('/api/v1/settings/logo').set('X-CSRF-Token', admin.csrf).expect(200);
    expect(res.body).toMatchObject({ logoUrl: null, companyLogoFilename: '' });
    const gone = await http().get('/api/v1/settings/logo').expect(404);
    expect(gone.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(gone.body.code).toBe('NOT_FOUND');
    expect(await sql(`SELECT id FROM uploaded_files`)).toEqual([]);
  });
});
