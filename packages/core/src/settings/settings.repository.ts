import type { PrismaClient } from '@timetracker/db';

export class SettingsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async allowsSelfRegistration(): Promise<boolean> {
    const row = await this.prisma.settings.findUnique({
      where: { id: 1 },
      select: { allowSelfRegister: true },
    });
    return row?.allowSelfRegister ?? false;
  }
}
