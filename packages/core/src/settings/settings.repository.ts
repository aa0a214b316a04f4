import type { Prisma, PrismaClient } from '@timetracker/db';

/** The settings row always has id 1 (a CHECK constraint; startup seeds it). */
const ROW = { id: 1 } as const;
/** uploaded_files.kind of the company logo. */
const LOGO_KIND = 'company_logo';

export const SETTINGS_FIELDS = {
  timezone: true,
  currency: true,
  roundingMinutes: true,
  roundingMode: true,
  singleActiveTimer: true,
  allowSelfRegister: true,
  idleTimeoutMinutes: true,
  maxEntryDurationSeconds: true,
  backupRetentionDays: true,
  backupTime: true,
  exportDelimiter: true,
  allowAnalytics: true,
  overlapPolicy: true,
  tagCreation: true,
  budgetThresholds: true,
  budgetRefuseOver: true,
  ratesVisibleToAll: true,
  requireTwoFactor: true,
  calendarFeeds: true,
  companyName: true,
  companyAddress: true,
  companyEmail: true,
  emailFrom: true,
  companyPhone: true,
  companyWebsite: true,
  companyLogoFilename: true,
  companyLogoFileId: true,
  companyTaxId: true,
  companyBankInfo: true,
  invoicePrefix: true,
  invoiceStartNumber: true,
  invoiceTerms: true,
  invoiceNotes: true,
  updatedAt: true,
} satisfies Prisma.SettingsSelect;

export type SettingsRow = Prisma.SettingsGetPayload<{ select: typeof SETTINGS_FIELDS }>;

/** What may be written through the settings endpoint (the logo columns have their own methods). */
export type SettingsChanges = Partial<
  Omit<SettingsRow, 'companyLogoFilename' | 'companyLogoFileId' | 'updatedAt'>
>;

export interface StoredFile {
  contentType: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  createdAt: Date;
}

export interface NewFile {
  contentType: string;
  sha256: string;
  data: Uint8Array;
}

export class SettingsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async allowsSelfRegistration(): Promise<boolean> {
    const row = await this.prisma.settings.findUnique({ where: ROW, select: { allowSelfRegister: true } });
    return row?.allowSelfRegister ?? false;
  }

  /** off | admins | everyone (a CHECK keeps it so); read when a user without a second factor signs in. */
  async requireTwoFactor(): Promise<string> {
    const row = await this.prisma.settings.findUnique({ where: ROW, select: { requireTwoFactor: true } });
    return row?.requireTwoFactor ?? 'off';
  }

  /** Read on the request path by the usage counter (cached there), hence a one-column query. */
  async allowsAnalytics(): Promise<boolean> {
    const row = await this.prisma.settings.findUnique({ where: ROW, select: { allowAnalytics: true } });
    return row?.allowAnalytics ?? false;
  }

  find(): Promise<SettingsRow | null> {
    return this.prisma.settings.findUnique({ where: ROW, select: SETTINGS_FIELDS });
  }

  update(changes: SettingsChanges): Promise<SettingsRow> {
    return this.prisma.settings.update({ where: ROW, data: changes, select: SETTINGS_FIELDS });
  }

  /** The current logo's bytes, or null when none was uploaded (or it was removed). */
  async findLogo(): Promise<StoredFile | null> {
    const row = await this.prisma.settings.findUnique({
      where: ROW,
      select: {
        companyLogoFile: {
          select: { contentType: true, size: true, sha256: true, data: true, createdAt: true },
        },
      },
    });
    return row?.companyLogoFile ?? null;
  }

  /**
   * Stores the new logo, points the settings at it and deletes any other logo file, all or
   * nothing: a replica serving the logo meanwhile sees either the old file or the new one.
   * Deleting "every other logo" rather than "the previous one" keeps two concurrent uploads
   * from leaving an orphan (the settings update serializes them on the row lock).
   */
  replaceLogo(file: NewFile, filename: string): Promise<SettingsRow> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.uploadedFile.create({
        data: { ...file, kind: LOGO_KIND, data: toBytes(file.data), size: file.data.byteLength },
        select: { id: true },
      });
      const row = await tx.settings.update({
        where: ROW,
        data: { companyLogoFileId: created.id, companyLogoFilename: filename },
        select: SETTINGS_FIELDS,
      });
      await tx.uploadedFile.deleteMany({ where: { kind: LOGO_KIND, id: { not: created.id } } });
      return row;
    });
  }

  /** Clears the logo and deletes its file. */
  removeLogo(): Promise<SettingsRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.settings.update({
        where: ROW,
        data: { companyLogoFileId: null, companyLogoFilename: '' },
        select: SETTINGS_FIELDS,
      });
      await tx.uploadedFile.deleteMany({ where: { kind: LOGO_KIND } });
      return row;
    });
  }
}

/** Prisma's Bytes want a Uint8Array backed by a plain ArrayBuffer (a Buffer may share a pool). */
function toBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(data);
}
