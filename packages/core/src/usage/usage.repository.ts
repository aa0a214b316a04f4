import { Prisma, type PrismaClient } from '@timetracker/db';

export interface UsageIncrement {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  routeGroup: string;
  count: number;
}

const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const asDay = (date: Date) => date.toISOString().slice(0, 10);

export class UsageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Adds a batch of counts in one statement, safe when several replicas flush at once.
   * Raw SQL because Prisma's upsert takes one row at a time.
   */
  async addCounts(increments: UsageIncrement[]): Promise<void> {
    if (increments.length === 0) return;
    const rows = increments.map((i) => Prisma.sql`(${i.day}::date, ${i.routeGroup}, ${i.count})`);
    await this.prisma.$executeRaw`
      INSERT INTO usage_counts (day, route_group, count) VALUES ${Prisma.join(rows)}
      ON CONFLICT (day, route_group) DO UPDATE SET count = usage_counts.count + EXCLUDED.count`;
  }

  async list(from: string, to: string): Promise<UsageIncrement[]> {
    const rows = await this.prisma.usageCount.findMany({
      where: { day: { gte: asDate(from), lte: asDate(to) } },
      orderBy: [{ day: 'asc' }, { routeGroup: 'asc' }],
    });
    return rows.map((r) => ({ day: asDay(r.day), routeGroup: r.routeGroup, count: r.count }));
  }

  async totals(from: string, to: string): Promise<{ routeGroup: string; count: number }[]> {
    const groups = await this.prisma.usageCount.groupBy({
      by: ['routeGroup'],
      where: { day: { gte: asDate(from), lte: asDate(to) } },
      _sum: { count: true },
    });
    return groups
      .map((g) => ({ routeGroup: g.routeGroup, count: g._sum.count ?? 0 }))
      .sort((a, b) => b.count - a.count || a.routeGroup.localeCompare(b.routeGroup));
  }
}
