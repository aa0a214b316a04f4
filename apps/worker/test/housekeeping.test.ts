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
  it('deletes expired sessions, day-old rate-limit windows and usage older than 400 days, nothing else', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const { id: userId } = await prisma.user.findFirstOrThrow({ select: { id: true } });
    const session = (id: string, expiresAt: string) =>
      prisma.session.create({ data: { id, userId, csrfToken: 'c', expiresAt: new Date(expiresAt) } });
    await session('expired', '2026-11-24T11:59:59Z');
    await session('live', '2026-11-24T12:00:01Z');
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

    expect(await housekeeping.prune(now)).toEqual({ sessions: 1, rateLimitWindows: 1, usageDays: 1 });
    expect((await prisma.session.findMany({ select: { id: true } })).map((s) => s.id)).toEqual(['live']);
    expect(await prisma.rateLimit.count()).toBe(1);
    expect((await prisma.usageCount.findMany()).map((u) => u.count)).toEqual([7]);
    // Nothing left to do a moment later.
    expect(await housekeeping.prune(now)).toEqual({ sessions: 0, rateLimitWindows: 0, usageDays: 0 });
  });
});
