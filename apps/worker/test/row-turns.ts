import type { PrismaClient } from '@timetracker/db';

/**
 * Runs `first`, then `second` once `first` waits on a row lock held on the entry, then lets them
 * go: they take the row in that order. Returns what each gave (or threw).
 */
export async function inTurn<A, B>(
  prisma: PrismaClient,
  entryId: number,
  first: () => Promise<A>,
  second: () => Promise<B>,
) {
  let release!: () => void;
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holder = prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM time_entries WHERE id = ${entryId} FOR UPDATE`;
      held();
      await new Promise<void>((resolve) => (release = resolve));
    },
    { timeout: 60_000 },
  );
  await isHeld;
  const waiters = async (n: number) => {
    for (let tries = 0; ; tries++) {
      const [row] = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%time_entries%'`;
      if (row!.n >= n) return;
      if (tries > 1000) throw new Error(`${row!.n} of ${n} writers waiting on the entry`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  try {
    const a = settle(first());
    await waiters(1);
    const b = settle(second());
    await waiters(2);
    release();
    await holder;
    return [await a, await b] as const;
  } finally {
    release?.();
  }
}
