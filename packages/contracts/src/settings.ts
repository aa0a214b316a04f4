import { z } from 'zod';
import { OVERLAP_POLICIES } from './time-entries';

// The single `settings` row. Responses are loose about stored values (an adopted database may
// hold anything the old app accepted); updates are strict, so what we write is always sane.

export const ROUNDING_MINUTES = [1, 5, 6, 10, 12, 15, 30, 60] as const;
export const ROUNDING_MODES = ['nearest', 'up', 'down'] as const;
/** Where the logo is served, without credentials (PDFs and pages embed it). */
export const SETTINGS_LOGO_PATH = '/api/v1/settings/logo';
/** CSV delimiters; `\t` is a tab. */
export const EXPORT_DELIMITERS = [',', ';', '|', '\t'] as const;

/**
 * An IANA time zone name the runtime knows (aliases such as `Europe/Kiev` and `UTC` included),
 * returned in its canonical spelling. Offsets (`+01:00`) are not zones: DST would be lost.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let currencies: Set<string> | undefined;

/** ISO 4217 codes as the runtime's ICU lists them (also historical ones, harmless here). */
export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const TimeZoneSchema = z
  .string()
  .trim()
  .max(50)
  .transform((v, ctx) => {
    const zone = canonicalTimeZone(v);
    if (zone === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Rome or UTC' });
      return z.NEVER;
    }
    return zone;
  })
  .describe('IANA time zone name (e.g. Europe/Rome, America/New_York, UTC); day boundaries of reports');

const CurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .length(3)
  .refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR or USD')
  .describe('ISO 4217 currency code of invoices and amounts');

const text = (max: number) => z.string().trim().max(max);

export const SettingsResponseSchema = z.object({
  timezone: z.string(),
  currency: z.string(),
  roundingMinutes: z.number().int(),
  roundingMode: z.string().describe('nearest (ties up), up or down'),
  singleActiveTimer: z.boolean(),
  allowSelfRegister: z.boolean(),
  idleTimeoutMinutes: z.number().int(),
  backupRetentionDays: z.number().int(),
  backupTime: z.string(),
  exportDelimiter: z.string(),
  allowAnalytics: z.boolean(),
  overlapPolicy: z.string().describe('allow, warn or refuse overlapping entries of one user'),
  companyName: z.string(),
  companyAddress: z.string(),
  companyEmail: z.string(),
  companyPhone: z.string(),
  companyWebsite: z.string(),
  companyLogoFilename: z
    .string()
    .describe('Name of the uploaded logo; set by PUT /api/v1/settings/logo, empty when there is none'),
  logoUrl: z
    .string()
    .nullable()
    .describe('Where the logo is served (public), or null when none has been uploaded'),
  companyTaxId: z.string(),
  companyBankInfo: z.string(),
  invoicePrefix: z.string(),
  invoiceStartNumber: z.number().int(),
  invoiceTerms: z.string(),
  invoiceNotes: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
});

export const SettingsUpdateSchema = z
  .strictObject({
    timezone: TimeZoneSchema.optional(),
    currency: CurrencySchema.optional(),
    roundingMinutes: z
      .literal(ROUNDING_MINUTES)
      .optional()
      .describe('Durations are rounded to this many minutes (1 = no rounding); history is not rewritten'),
    roundingMode: z.enum(ROUNDING_MODES).optional().describe('nearest (ties up), up or down'),
    singleActiveTimer: z
      .boolean()
      .optional()
      .describe('At most one running timer per user: starting one stops the other'),
    allowSelfRegister: z.boolean().optional().describe('Whether anyone may sign up'),
    idleTimeoutMinutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .optional()
      .describe('Running timers stop after this much inactivity (0 = never)'),
    backupRetentionDays: z.number().int().min(1).max(3650).optional(),
    backupTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM between 00:00 and 23:59')
      .optional()
      .describe('Daily backup time (HH:MM) in the settings time zone'),
    exportDelimiter: z.enum(EXPORT_DELIMITERS).optional().describe('CSV delimiter: , ; | or a tab'),
    allowAnalytics: z
      .boolean()
      .optional()
      .describe('Record local usage counts (nothing ever leaves the server)'),
    overlapPolicy: z
      .enum(OVERLAP_POLICIES)
      .optional()
      .describe(
        'Overlapping entries of one user: allow; warn (saved, the response carries a warning); refuse (409)',
      ),
    companyName: text(200).min(1).optional(),
    companyAddress: text(1000).optional(),
    companyEmail: z.union([z.literal(''), z.email().max(200)]).optional(),
    companyPhone: text(50).optional(),
    companyWebsite: text(200).optional(),
    companyTaxId: text(100).optional(),
    companyBankInfo: text(2000).optional(),
    invoicePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,10}$/, '1 to 10 letters, digits, - or _')
      .optional()
      .describe('Invoice numbers are {prefix}-{n}'),
    invoiceStartNumber: z.number().int().min(1).max(999_999_999).optional(),
    invoiceTerms: text(5000).optional(),
    invoiceNotes: text(5000).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change')
  .describe('Only the fields sent are changed');

export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;
