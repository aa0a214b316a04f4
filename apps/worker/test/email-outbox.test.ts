import {
  DEFAULT_EMAIL_SENDER_OPTIONS,
  EmailOutboxRepository,
  EmailSenderService,
  IdleTimersRepository,
  IdleTimersService,
  PasswordResetService,
  PasswordTokensRepository,
  RateLimitRepository,
  smtpTransport,
  UsersRepository,
  type EmailSenderOptions,
} from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smtpConfigFor, startSmtpReceiver, type SmtpReceiver } from './smtp-receiver';

let db: TestDatabase;
let prisma: PrismaClient;
const receivers: SmtpReceiver[] = [];

const PUBLIC_URL = 'https://tt.example.test';
const OPTIONS: EmailSenderOptions = {
  ...DEFAULT_EMAIL_SENDER_OPTIONS,
  publicUrl: PUBLIC_URL,
  maxAttempts: 3,
};

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  await prisma.settings.update({
    where: { id: 1 },
    data: { emailFrom: 'TimeTracker <tt@example.test>', companyName: 'Acme & Co' },
  });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await prisma?.$disconnect();
  await db?.drop();
});
beforeEach(async () => {
  await prisma.emailOutbox.deleteMany();
});

async function receiver(options: { port?: number; refuse?: boolean } = {}) {
  const r = await startSmtpReceiver(options);
  receivers.push(r);
  return r;
}

function sender(port: number, options: Partial<EmailSenderOptions> = {}, client = prisma) {
  return new EmailSenderService(new EmailOutboxRepository(client), smtpTransport(smtpConfigFor(port)), {
    ...OPTIONS,
    ...options,
  });
}

let n = 0;
async function user(data: { language?: string; email?: boolean } = {}) {
  n += 1;
  const username = `mailee${n}-${Date.now()}`;
  return prisma.user.create({
    data: {
      username,
      email: data.email === false ? null : `${username}@example.test`,
      language: data.language ?? null,
      passwordHash: 'x',
    },
  });
}

const passwordReset = () =>
  new PasswordResetService(
    new UsersRepository(prisma),
    new PasswordTokensRepository(prisma),
    new RateLimitRepository(prisma),
  );

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const rows = () => prisma.emailOutbox.findMany({ orderBy: { id: 'asc' } });

describe('email outbox', () => {
  it('mails a reset link in the user’s language whose token sets the password once', async () => {
    const smtp = await receiver();
    const u = await user({ language: 'de' });
    const now = new Date();
    await passwordReset().requestReset(u.username, { ip: '198.51.100.7' }, now);
    expect((await rows()).map((r) => r.status)).toEqual(['pending']);

    expect(await sender(smtp.port).sendDue(now)).toEqual({ sent: 1, retried: 0, failed: 0 });
    await smtp.waitFor(1);
    const mail = smtp.received[0]!;
    expect(mail.envelopeTo).toEqual([u.email]);
    expect(mail.parsed.subject).toBe('Passwort für Acme & Co zurücksetzen');
    expect(mail.parsed.from?.text).toContain('tt@example.test');
    const link = /https:\/\/tt\.example\.test\/reset-password\?token=([\w-]+)/.exec(mail.parsed.text ?? '');
    expect(link).not.toBeNull();
    // The HTML part carries the same link, and the company name escaped.
    expect(mail.parsed.html).toContain(`href="${link![0]}"`);
    expect(mail.parsed.html).toContain('Acme &amp; Co');

    const [row] = await rows();
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    // The link's secret does not stay in the database once sent.
    expect(JSON.stringify(row!.payload)).not.toContain(link![1]);

    expect(await passwordReset().resetPassword(link![1]!, 'a brand new secret', now)).toEqual({
      username: u.username,
    });
    await expect(passwordReset().resetPassword(link![1]!, 'another new secret', now)).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('retries a refused mail with backoff, then marks it failed and keeps it', async () => {
    const smtp = await receiver({ refuse: true });
    const u = await user();
    const t0 = new Date();
    await passwordReset().requestReset(u.email!, {}, t0);
    const s = sender(smtp.port);

    expect(await s.sendDue(t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/^550/);
    expect(row!.nextAttemptAt.getTime()).toBe(t0.getTime() + OPTIONS.backoffMs);
    // Not due again before its backoff is over.
    expect(await s.sendDue(new Date(t0.getTime() + OPTIONS.backoffMs - 1))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });

    const t1 = new Date(t0.getTime() + OPTIONS.backoffMs);
    expect(await s.sendDue(t1)).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await rows();
    expect(row!.nextAttemptAt.getTime()).toBe(t1.getTime() + 2 * OPTIONS.backoffMs);

    expect(await s.sendDue(new Date(t1.getTime() + 2 * OPTIONS.backoffMs))).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
    });
    [row] = await rows();
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row!.lastError).toMatch(/^550/);
    expect(smtp.rcptAttempts()).toBe(3);
    expect(smtp.received).toHaveLength(0);
    // Failed is final: later polls leave it alone.
    expect(await s.sendDue(new Date(t1.getTime() + 3_600_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('keeps a mail while the server is down and sends it once the server is up', async () => {
    const port = await closedPort();
    const u = await user({ language: 'it' });
    const t0 = new Date();
    await passwordReset().requestReset(u.username, {}, t0);
    const s = sender(port);

    expect(await s.sendDue(t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toContain('ECONNREFUSED');

    const smtp = await receiver({ port });
    expect(await s.sendDue(new Date(t0.getTime() + OPTIONS.backoffMs))).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    await smtp.waitFor(1);
    expect(smtp.received[0]!.envelopeTo).toEqual([u.email]);
    expect(smtp.received[0]!.parsed.subject).toBe('Reimposta la password di Acme & Co');
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('sends each mail once however many workers poll at the same time', async () => {
    const smtp = await receiver();
    const u = await user();
    const outbox = new EmailOutboxRepository(prisma);
    for (let i = 0; i < 30; i += 1) {
      await outbox.enqueue({
        kind: 'idle_stop',
        userId: u.id,
        toAddress: u.email!,
        language: 'en',
        payload: {
          username: u.username,
          entryId: i + 1,
          description: `entry ${i}`,
          stoppedAt: '09:00',
          path: `/x`,
        },
      });
    }
    // Three workers, each with its own pool, polling three times at once.
    const clients = [createPrismaClient(db.url), createPrismaClient(db.url), createPrismaClient(db.url)];
    try {
      const now = new Date(Date.now() + 1000);
      const senders = clients.map((c) => sender(smtp.port, { batchSize: 4 }, c));
      const runs = await Promise.all([0, 1, 2].flatMap(() => senders.map((s) => s.sendDue(now))));
      let sent = runs.reduce((sum, r) => sum + r.sent, 0);
      while (sent < 30) sent += (await senders[0]!.sendDue(now)).sent;
      expect(sent).toBe(30);
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
    await smtp.waitFor(30);
    const entries = smtp.received.map((m) => /entry (\d+)/.exec(m.parsed.text ?? '')![1]);
    expect(new Set(entries).size).toBe(30);
    expect(smtp.received).toHaveLength(30);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('takes over a mail whose worker died mid-send once its lease is over', async () => {
    const smtp = await receiver();
    const u = await user();
    const outbox = new EmailOutboxRepository(prisma);
    const t0 = new Date();
    await outbox.enqueue({
      kind: 'idle_stop',
      userId: u.id,
      toAddress: u.email!,
      language: 'en',
      payload: { username: u.username, entryId: 1, description: 'd', stoppedAt: '09:00', path: '/x' },
      nextAttemptAt: t0,
    });
    // A worker claimed it and vanished.
    expect(await outbox.claimDue(t0, 10, OPTIONS.leaseMs)).toHaveLength(1);
    const s = sender(smtp.port);
    expect(await s.sendDue(new Date(t0.getTime() + OPTIONS.leaseMs - 1))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(await s.sendDue(new Date(t0.getTime() + OPTIONS.leaseMs + 1))).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    await smtp.waitFor(1);
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails a mail it cannot render at once, without sending anything', async () => {
    const smtp = await receiver();
    const u = await user();
    await new EmailOutboxRepository(prisma).enqueue({
      kind: 'idle_stop',
      userId: u.id,
      toAddress: u.email!,
      language: 'en',
      payload: { username: u.username },
    });
    expect(await sender(smtp.port).sendDue(new Date(Date.now() + 1000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
    });
    expect((await rows())[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(smtp.rcptAttempts()).toBe(0);
  });

  it('mails the user whose timer was stopped for idleness, with escaped notes and a link', async () => {
    const smtp = await receiver();
    const u = await user({ language: 'fr' });
    const silent = await user({ email: false });
    await prisma.settings.update({
      where: { id: 1 },
      data: { idleTimeoutMinutes: 30, timezone: 'Europe/Paris' },
    });
    const start = new Date('2026-03-10T09:00:00Z');
    const entry = await prisma.timeEntry.create({
      data: { userId: u.id, startTime: start, source: 'auto', notes: '<b>Fix</b> "login" & more' },
    });
    await prisma.timeEntry.create({ data: { userId: silent.id, startTime: start, source: 'auto' } });
    await prisma.user.updateMany({
      where: { id: { in: [u.id, silent.id] } },
      data: { lastActivityAt: start },
    });
    const now = new Date(start.getTime() + 31 * 60_000);
    expect(await new IdleTimersService(new IdleTimersRepository(prisma)).stopIdleTimers(now)).toEqual({
      stopped: 2,
    });
    // One mail: the other user has no address.
    expect(await rows()).toHaveLength(1);

    expect(await sender(smtp.port).sendDue(now)).toEqual({ sent: 1, retried: 0, failed: 0 });
    await smtp.waitFor(1);
    const mail = smtp.received[0]!.parsed;
    expect(mail.subject).toBe('Votre minuteur a été arrêté pour inactivité');
    expect(mail.text).toContain('« <b>Fix</b> "login" & more » a été arrêté à 10 mars 2026 10:00');
    expect(mail.text).toContain(`${PUBLIC_URL}/time-entries?entry=${entry.id}`);
    expect(mail.html).toContain('&lt;b&gt;Fix&lt;/b&gt; &quot;login&quot; &amp; more');
    expect(mail.html).not.toContain('<b>Fix</b>');
  });
});
