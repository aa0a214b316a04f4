import { WebhookPayloadResponseSchema } from '@timetracker/contracts';
import {
  ApprovalsRepository,
  checkedLookup,
  DEFAULT_WEBHOOK_SENDER_OPTIONS,
  IdleTimersRepository,
  IdleTimersService,
  InvoicesRepository,
  isPrivateAddress,
  TimeEntryListRepository,
  verifyWebhookSignature,
  WebhookDeliveriesRepository,
  WebhookPayloads,
  WebhookSenderService,
  WebhooksRepository,
  WebhooksService,
  type Principal,
  type WebhookSenderOptions,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver, type Reply } from './http-receiver';

let db: TestDatabase;
let prisma: PrismaClient;
let admin: Principal;
const receivers: HttpReceiver[] = [];
const KEY = Buffer.alloc(32, 7);

const OPTIONS: WebhookSenderOptions = {
  ...DEFAULT_WEBHOOK_SENDER_OPTIONS,
  allowPrivate: true,
  timeoutMs: 2000,
};

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  const u = await prisma.user.findFirstOrThrow({ where: { role: 'admin' } });
  admin = { userId: u.id, username: u.username, role: 'admin', via: 'session' } as Principal;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.webhookSubscription.deleteMany();
  await prisma.webhookEvent.deleteMany();
  await prisma.emailOutbox.deleteMany();
});

async function receiver(reply?: Reply) {
  const r = await startHttpReceiver(reply);
  receivers.push(r);
  return r;
}

const service = (allowPrivate = true) =>
  new WebhooksService(new WebhooksRepository(prisma), { allowPrivate, secretKey: KEY });

function sender(options: Partial<WebhookSenderOptions> = {}, client = prisma) {
  return new WebhookSenderService(
    new WebhookDeliveriesRepository(client),
    new WebhookPayloads(
      new TimeEntryListRepository(client),
      new InvoicesRepository(client),
      new ApprovalsRepository(client),
    ),
    { ...OPTIONS, ...options },
    KEY,
  );
}

async function subscribe(url: string, events = ['invoice.created', 'invoice.sent', 'invoice.paid']) {
  return service().create(admin, { url, description: 'test', events: events as never });
}

let n = 0;
function newInvoice(
  client: PrismaClient | Parameters<Parameters<PrismaClient['$transaction']>[0]>[0] = prisma,
) {
  n += 1;
  return client.invoice.create({
    data: {
      invoiceNumber: `WH-${Date.now()}-${n}`,
      clientName: 'Acme',
      issueDate: new Date('2026-03-01'),
      dueDate: new Date('2026-03-31'),
    },
  });
}

const setStatus = (id: number, status: string) => prisma.invoice.update({ where: { id }, data: { status } });

const deliveries = () =>
  prisma.webhookDelivery.findMany({ orderBy: { id: 'asc' }, include: { event: true } });

describe('webhook deliveries', () => {
  it('signs a versioned payload that is the API’s own invoice, and logs the delivery', async () => {
    const hook = await receiver();
    const sub = await subscribe(hook.url);
    expect(sub.secret).toMatch(/^whsec_/);
    // Sealed at rest: the secret is not in the row.
    const stored = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(stored.secret).toMatch(/^aes1:/);
    expect(stored.secret).not.toContain(sub.secret);

    const invoice = await newInvoice();
    expect(await sender().sendDue(new Date(Date.now() + 1000))).toMatchObject({ delivered: 1, retried: 0 });
    await hook.waitFor(1);
    const req = hook.received[0]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-timetracker-event']).toBe('invoice.created');
    const signature = String(req.headers['x-timetracker-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(sub.secret, req.body, signature, new Date())).toBe(true);
    expect(verifyWebhookSignature('whsec_other', req.body, signature, new Date())).toBe(false);
    expect(verifyWebhookSignature(sub.secret, `${req.body} `, signature, new Date())).toBe(false);

    const payload = WebhookPayloadResponseSchema.parse(JSON.parse(req.body));
    expect(payload).toMatchObject({ version: 1, type: 'invoice.created', data: { id: invoice.id } });
    expect((payload.data as { invoiceNumber: string }).invoiceNumber).toBe(invoice.invoiceNumber);

    const [d] = await deliveries();
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200 });
    expect(d!.durationMs).toBeGreaterThanOrEqual(0);
    // Only an excerpt of the 1,300-character answer is kept.
    expect(d!.responseExcerpt!.length).toBeLessThanOrEqual(500);
    expect(d!.responseExcerpt).toMatch(/^answer 200/);
  });

  it('writes nothing for a change that rolled back, and nothing for types not asked for', async () => {
    const hook = await receiver();
    await subscribe(hook.url, ['invoice.paid']);
    await expect(
      prisma.$transaction(async (tx) => {
        const inv = await newInvoice(tx as never);
        await tx.invoice.update({ where: { id: inv.id }, data: { status: 'paid' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const inv = await newInvoice();
    await setStatus(inv.id, 'sent');
    expect(await prisma.webhookEvent.count()).toBe(0);
    await setStatus(inv.id, 'paid');
    expect((await deliveries()).map((d) => d.event.type)).toEqual(['invoice.paid']);
  });

  it('retries after a 500 and after a timeout with backoff, then delivers', async () => {
    const hook = await receiver((_r, i) => (i === 0 ? 500 : i === 1 ? 'hang' : 204));
    await subscribe(hook.url);
    await newInvoice();
    const t0 = new Date(Date.now() + 1000);
    const s = sender({ timeoutMs: 300 });
    expect(await s.sendDue(t0)).toMatchObject({ delivered: 0, retried: 1 });
    let [d] = await deliveries();
    expect(d).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500, lastError: 'HTTP 500' });
    expect(d!.nextAttemptAt.getTime()).toBe(t0.getTime() + 30_000);
    // Not before the backoff is over.
    expect(await s.sendDue(new Date(t0.getTime() + 29_000))).toMatchObject({ delivered: 0, retried: 0 });

    const t1 = new Date(t0.getTime() + 30_000);
    expect(await s.sendDue(t1)).toMatchObject({ retried: 1 });
    [d] = await deliveries();
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 2,
      responseStatus: null,
      lastError: 'timeout after 300 ms',
    });
    expect(d!.nextAttemptAt.getTime()).toBe(t1.getTime() + 60_000);

    expect(await s.sendDue(new Date(t1.getTime() + 60_000))).toMatchObject({ delivered: 1 });
    expect(hook.received).toHaveLength(3);
    // Every try sends the same event, with the same body.
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    [d] = await deliveries();
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 204 });
    const sub = await prisma.webhookSubscription.findFirstOrThrow();
    expect(sub.failingSince).toBeNull();
  });

  it('gives up after the last try and keeps the delivery failed in the log', async () => {
    const hook = await receiver(() => 503);
    await subscribe(hook.url);
    await newInvoice();
    const s = sender({ maxAttempts: 2 });
    const t0 = new Date(Date.now() + 1000);
    await s.sendDue(t0);
    expect(await s.sendDue(new Date(t0.getTime() + 30_000))).toMatchObject({ failed: 1 });
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: 'failed', attempts: 2, responseStatus: 503 });
  });

  it('keeps order per record: a later event waits for the earlier one, other records do not', async () => {
    let failFirst = true;
    const hook = await receiver((r) => {
      const p = JSON.parse(r.body) as { type: string };
      if (failFirst && p.type === 'invoice.created' && r.body.includes('"clientName":"First"')) {
        failFirst = false;
        return 500;
      }
      return 200;
    });
    await subscribe(hook.url);
    const a = await prisma.invoice.create({
      data: {
        invoiceNumber: `ORD-${Date.now()}`,
        clientName: 'First',
        issueDate: new Date('2026-03-01'),
        dueDate: new Date('2026-03-31'),
      },
    });
    await setStatus(a.id, 'sent');
    await setStatus(a.id, 'paid');
    const b = await newInvoice();
    const t0 = new Date(Date.now() + 1000);
    await sender().sendDue(t0);
    // A's creation failed: its sent and paid wait; B went out.
    const sent = () => hook.received.map((r) => JSON.parse(r.body) as { type: string; data: { id: number } });
    // (Deliveries of different records go out in parallel: in no particular order.)
    expect(
      sent()
        .map((p) => [p.data.id, p.type])
        .sort(([x], [y]) => Number(x) - Number(y)),
    ).toEqual([
      [a.id, 'invoice.created'],
      [b.id, 'invoice.created'],
    ]);
    expect(await sender().sendDue(new Date(t0.getTime() + 30_000))).toMatchObject({ delivered: 3 });
    expect(
      sent()
        .filter((p) => p.data.id === a.id)
        .map((p) => p.type),
    ).toEqual(['invoice.created', 'invoice.created', 'invoice.sent', 'invoice.paid']);
  });

  it('sends each delivery once however many workers poll at the same time', async () => {
    const hook = await receiver();
    await subscribe(hook.url);
    const ids: number[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await newInvoice()).id);
    await setStatus(ids[0]!, 'sent');
    await setStatus(ids[0]!, 'paid');
    const clients = [createPrismaClient(db.url), createPrismaClient(db.url), createPrismaClient(db.url)];
    try {
      const now = new Date(Date.now() + 1000);
      const senders = clients.map((c) => sender({ batchSize: 3, maxRounds: 2 }, c));
      const runs = await Promise.all([0, 1, 2].flatMap(() => senders.map((s) => s.sendDue(now))));
      let delivered = runs.reduce((sum, r) => sum + r.delivered, 0);
      while (delivered < 22) delivered += (await senders[0]!.sendDue(now)).delivered;
      expect(delivered).toBe(22);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    expect(hook.received).toHaveLength(22);
    const deliveryIds = hook.received.map((r) => r.headers['x-timetracker-delivery']);
    expect(new Set(deliveryIds).size).toBe(22);
    const first = hook.received
      .map((r) => JSON.parse(r.body) as { type: string; data: { id: number } })
      .filter((p) => p.data.id === ids[0])
      .map((p) => p.type);
    expect(first).toEqual(['invoice.created', 'invoice.sent', 'invoice.paid']);
    expect((await deliveries()).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('refuses private and loopback addresses unless they are allowed', async () => {
    const hook = await receiver();
    await expect(
      service(false).create(admin, { url: hook.url, description: '', events: ['invoice.created'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      service(false).create(admin, {
        url: 'http://localhost:9/x',
        description: '',
        events: ['invoice.created'],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    // Allowed when it was made, refused at delivery once the setting is off.
    await subscribe(hook.url);
    await newInvoice();
    expect(await sender({ allowPrivate: false }).sendDue(new Date(Date.now() + 1000))).toMatchObject({
      retried: 1,
    });
    expect(hook.received).toHaveLength(0);
    const [d] = await deliveries();
    expect(d!.lastError).toMatch(/127\.0\.0\.1 is a private/);

    // A name is checked on the address it resolves to, the one the connection uses.
    const refused = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      checkedLookup(false)('localhost', {}, (err) => resolve(err)),
    );
    expect(refused?.message).toMatch(/resolves to .*private, loopback/);
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['93.184.216.34', '2606:4700::1111', '8.8.8.8'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('disables a subscription after a day of failures and mails the admins with an address', async () => {
    const hook = await receiver(() => 500);
    const sub = await subscribe(hook.url);
    const mailed = await prisma.user.create({
      data: {
        username: `wh-admin-${Date.now()}`,
        role: 'admin',
        email: `wh-${Date.now()}@example.test`,
        passwordHash: 'x',
        language: 'de',
      },
    });
    await newInvoice();
    const t0 = new Date(Date.now() + 1000);
    const s = sender();
    await s.sendDue(t0);
    expect(
      (await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).failingSince,
    ).toEqual(t0);
    // Still failing 23 hours later: still enabled.
    expect(await s.sendDue(new Date(t0.getTime() + 23 * 3_600_000))).toMatchObject({
      retried: 1,
      disabled: 0,
    });
    expect((await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).enabled).toBe(
      true,
    );
    // A day after the first failure.
    expect(await s.sendDue(new Date(t0.getTime() + 24 * 3_600_000))).toMatchObject({
      retried: 1,
      disabled: 1,
    });
    const after = await service().get(admin, sub.id);
    expect(after).toMatchObject({ enabled: false });
    expect(after.disabledReason).toMatch(/HTTP 500/);
    const mails = await prisma.emailOutbox.findMany();
    expect(mails.map((m) => [m.kind, m.toAddress, m.language])).toEqual([
      ['webhook_disabled', mailed.email, 'de'],
    ]);
    // A disabled subscription gets no new events and sends nothing.
    await newInvoice();
    expect(await prisma.webhookEvent.count()).toBe(1);
    expect(await s.sendDue(new Date(t0.getTime() + 48 * 3_600_000))).toMatchObject({
      retried: 0,
      delivered: 0,
    });
    // Enabled again: a fresh start (no streak, no reason).
    await service().update(admin, sub.id, { enabled: true });
    expect((await service().get(admin, sub.id)).failingSince).toBeNull();
    await prisma.user.delete({ where: { id: mailed.id } });
  });

  it('sends a timer stopped for idleness, a test, and a redelivery', async () => {
    const hook = await receiver();
    const sub = await subscribe(hook.url, ['timer.stopped']);
    const u = await prisma.user.create({ data: { username: `wh-idle-${Date.now()}`, passwordHash: 'x' } });
    await prisma.settings.update({ where: { id: 1 }, data: { idleTimeoutMinutes: 30 } });
    const start = new Date('2026-03-10T09:00:00Z');
    const entry = await prisma.timeEntry.create({ data: { userId: u.id, startTime: start, source: 'auto' } });
    await prisma.user.update({ where: { id: u.id }, data: { lastActivityAt: start } });
    await new IdleTimersService(new IdleTimersRepository(prisma)).stopIdleTimers(
      new Date(start.getTime() + 31 * 60_000),
    );
    await prisma.settings.update({ where: { id: 1 }, data: { idleTimeoutMinutes: 0 } });

    const test = await service().test(admin, sub.id);
    expect(test).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    expect(await sender().sendDue(new Date(Date.now() + 1000))).toMatchObject({ delivered: 2 });
    const bodies = hook.received.map(
      (r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> },
    );
    const stop = bodies.find((b) => b.type === 'timer.stopped')!;
    expect(stop.data).toMatchObject({ id: entry.id, stoppedReason: 'idle', running: false, userId: u.id });
    expect(bodies.find((b) => b.type === 'webhook.test')!.data).toMatchObject({ subscriptionId: sub.id });

    const first = (await deliveries()).find((d) => d.event.type === 'timer.stopped')!;
    const again = await service().redeliver(admin, sub.id, first.id);
    expect(again).toMatchObject({ eventId: first.eventId, status: 'pending', attempts: 0 });
    await sender().sendDue(new Date(Date.now() + 1000));
    expect(hook.received).toHaveLength(3);
    expect(hook.received[2]!.body).toBe(hook.received.find((r) => r.body.includes('timer.stopped'))!.body);
    const log = await service().deliveries(admin, sub.id, { page: 1, pageSize: 50 });
    expect(log.total).toBe(3);
    expect(log.items.every((i) => i.status === 'delivered')).toBe(true);
  });
});
