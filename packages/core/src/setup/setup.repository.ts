import type { PrismaClient } from '@timetracker/db';
import { SEEDED_CLIENT_NAME, SEEDED_PROJECT_NAME } from './company-details';

export class SetupRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** What the checklist reads: one settings row and whether a client and project beyond the seed's exist. */
  async state() {
    const [settings, client, project] = await Promise.all([
      this.prisma.settings.findUnique({
        where: { id: 1 },
        select: {
          companyName: true,
          companyAddress: true,
          timezone: true,
          currency: true,
          allowSelfRegister: true,
          createdAt: true,
          updatedAt: true,
          setupDismissedAt: true,
        },
      }),
      this.prisma.client.findFirst({ where: { name: { not: SEEDED_CLIENT_NAME } }, select: { id: true } }),
      this.prisma.project.findFirst({ where: { name: { not: SEEDED_PROJECT_NAME } }, select: { id: true } }),
    ]);
    return { settings, hasClient: client !== null, hasProject: project !== null };
  }

  dismiss(at: Date) {
    return this.prisma.settings.update({
      where: { id: 1 },
      data: { setupDismissedAt: at },
      select: { id: true },
    });
  }
}
