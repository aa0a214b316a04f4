import { HousekeepingRepository, HousekeepingService } from '@timetracker/core';
import { createPrismaClient, type PrismaClient } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: TestDatabase;
let prisma: PrismaClient;
let housekeeping: HousekeepingService;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  housekeeping = new HousekeepingService(new HousekeepingRepository(prisma));
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('housekeeping', () => {
  it('deletes expired sessions, day-old rate-limit windows, usage older than 400 days, the idle sweep’s leftover timer rows, expired password links, old mails and settled webhook events, nothing else', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const { id: userId } = await prisma.user.findFirstOrThrow({ select: { id: true } });
    const session = (id: string, expiresAt: string) =>
      prisma.session.create({ data: { id, userId, csrfToken: 'c', expiresAt: new Date(expiresAt) } });
    await session('expired', '2026-11-24T11:59:59Z');
    await session('live', '2026-11-24T12:00:01Z');
    // Two-factor sign-in: pending second steps and remembered browsers past their time go too.
    await prisma.signInChallenge.createMany({
      data: [
        { id: 'c-expired', userId, passwordHash: 'x', expiresAt: new Date('2026-11-24T11:59:59Z') },
        { id: 'c-live', userId, passwordHash: 'x', expiresAt: new Date('2026-11-24T12:04:00Z') },
      ],
    });
    await prisma.rememberedDevice.createMany({
      data: [
        { id: 'd-expired', userId, expiresAt: new Date('2026-11-24T11:00:00Z') },
        { id: 'd-live', userId, expiresAt: new Date('2026-12-24T12:00:00Z') },
      ],
    });
    await prisma.rateLimit.createMany({
      data: [
        { key: 'login:ip:1', windowStart: new Date('2026-11-23T11:59:00Z'), hits: 3 },
        { key: 'login:ip:1', windowStart: new Date('2026-11-23T12:01:00Z'), hits: 1 },
      ],
    });
    await prisma.usageCount.createMany({
      data: [
        { day: new Date('2025-10-19'), routeGroup: 'time-entries', count: 5 }, // 401 days back
        { day: new Date('2025-10-20'), routeGroup: 'time-entries', count: 7 }, // 400 days back
      ],
    });

    // Three timers: one still running, one stopped by the idle sweep (its running_timers row
    // stays, prisma/sql/003), one stopped by its user (its row goes at once).
    const { id: projectId } = await prisma.project.findFirstOrThrow({ select: { id: true } });
    const [running, idle, stopped] = await prisma.timeEntry.createManyAndReturn({
      data: [1, 2, 3].map(() => ({ userId, projectId, startTime: new Date('2026-11-24T09:00:00Z') })),
      select: { id: true },
    });
    const end = new Date('2026-11-24T10:00:00Z');
    await prisma.timeEntry.update({ where: { id: idle!.id }, data: { endTime: end, stoppedReason: 'idle' } });
    await prisma.timeEntry.update({ where: { id: stopped!.id }, data: { endTime: end } });
    const timerRows = async () =>
      (await prisma.runningTimer.findMany({ orderBy: { entryId: 'asc' } })).map((r) => r.entryId);
    expect(await timerRows()).toEqual([running!.id, idle!.id]);

    const link = (tokenHash: string, expiresAt: string) =>
      prisma.passwordToken.create({
        data: { tokenHash, userId, purpose: 'reset', expiresAt: new Date(expiresAt) },
      });
    await link('a'.repeat(64), '2026-11-24T11:59:59Z');
    await link('b'.repeat(64), '2026-11-24T12:00:01Z');
    const mail = (status: string, updatedAt: string) =>
      prisma.emailOutbox.create({
        data: { kind: 'idle_stop', toAddress: 'a@example.test', status, updatedAt: new Date(updatedAt) },
      });
    await mail('sent', '2026-08-26T11:59:59Z'); // 90 days and a second back
    await mail('failed', '2026-08-26T11:59:59Z');
    await mail('pending', '2026-08-26T11:59:59Z'); // never delivered yet: kept
    await mail('sent', '2026-08-26T12:00:01Z');
    // Webhook events 30 days and a second back go with their log once no delivery is open.
    const { id: subscriptionId } = await prisma.webhookSubscription.create({
      data: { url: 'https://hooks.example.test/in', events: ['entry.created'], secret: 'plain:s' },
    });
    const event = async (createdAt: string, statuses: string[]) => {
      const { id } = await prisma.webhookEvent.create({
        data: { type: 'entry.created', entity: 'time_entry', entityId: 1, createdAt: new Date(createdAt) },
      });
      for (const status of statuses) {
        await prisma.webhookDelivery.create({
          data: { subscriptionId, eventId: id, orderKey: 'time_entry:1', status },
        });
      }
      return id;
    };
    const old = '2026-10-25T11:59:59Z';
    await event(old, ['delivered', 'failed']);
    await event(old, []); // its subscription was deleted
    const stillSending = await event(old, ['delivered', 'sending']);
    const stillPending = await event(old, ['pending']);
    const recent = await event('2026-10-25T12:00:01Z', ['delivered']);

    expect(await housekeeping.prune(now)).toEqual({
      sessions: 1,
      secondFactorLeftovers: 2,
      rateLimitWindows: 1,
      usageDays: 1,
      endedTimers: 1,
      passwordLinks: 1,
      emails: 2,
      webhookEvents: 2,
    });
    expect((await prisma.webhookEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.id)).toEqual([
      stillSending,
      stillPending,
      recent,
    ]);
    expect(await prisma.webhookDelivery.count()).toBe(4);
    expect((await prisma.passwordToken.findMany()).map((t) => t.tokenHash[0])).toEqual(['b']);
    expect((await prisma.emailOutbox.findMany({ orderBy: { id: 'asc' } })).map((m) => m.status)).toEqual([
      'pending',
      'sent',
    ]);
    expect((await prisma.session.findMany({ select: { id: true } })).map((s) => s.id)).toEqual(['live']);
    expect(await prisma.rateLimit.count()).toBe(1);
    expect((await prisma.signInChallenge.findMany()).map((c) => c.id)).toEqual(['c-live']);
    expect((await prisma.rememberedDevice.findMany()).map((d) => d.id)).toEqual(['d-live']);
    expect((await prisma.usageCount.findMany()).map((u) => u.count)).toEqual([7]);
    expect(await timerRows()).toEqual([running!.id]);
    // Nothing left to do a moment later.
    expect(await housekeeping.prune(now)).toEqual({
      sessions: 0,
      secondFactorLeftovers: 0,
      rateLimitWindows: 0,
      usageDays: 0,
      endedTimers: 0,
      passwordLinks: 0,
      emails: 0,
      webhookEvents: 0,
    });
  });
});
