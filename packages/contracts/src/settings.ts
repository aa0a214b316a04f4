import { z } from 'zod';
import { int, text } from './common/input';
import { OVERLAP_POLICIES } from './time-entries';
import { REQUIRE_TWO_FACTOR } from './two-factor';

export const TAG_CREATION = ['everyone', 'admins'] as const;
export type TagCreation = (typeof TAG_CREATION)[number];

// The single `settings` row. Responses are loose about stored values (an adopted database may
// hold anything the old app accepted); updates are strict, so what we write is always sane.

export const ROUNDING_MINUTES = [1, 5, 6, 10, 12, 15, 30, 60] as const;

/** A client's or project's rounding override: minutes and mode are set (or cleared) together. */
export const roundingTogether = (v: { roundingMinutes?: number | null; roundingMode?: string | null }) =>
  (v.roundingMinutes === undefined) === (v.roundingMode === undefined) &&
  (v.roundingMinutes === null) === (v.roundingMode === null);
export const ROUNDING_TOGETHER = {
  message: 'roundingMinutes and roundingMode are set, or cleared with null, together',
  path: ['roundingMode'],
};
export const ROUNDING_MODES = ['nearest', 'up', 'down'] as const;
/** Where the logo is served, without credentials (PDFs and pages embed it). */
export const SETTINGS_LOGO_PATH = '/api/v1/settings/logo';
/** Bounds of settings.maxEntryDurationSeconds (a CHECK in the database too): 1 minute to 31 days. */
export const MAX_ENTRY_DURATION_BOUNDS = { min: 60, max: 31 * 86_400, default: 86_400 } as const;
/** CSV delimiters; `\t` is a tab. */
export const EXPORT_DELIMITERS = [',', ';', '|', '\t'] as const;

/**
 * An IANA time zone name the runtime knows (aliases such as `Europe/Kiev` and `UTC` included),
 * returned in its canonical spelling. Offsets (`+01:00`) are not zones: DST would be lost.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * What a fresh install holds until an admin fills the company in: the columns' defaults (the
 * original app's too, so adopted databases may still hold them). Invoice PDFs are refused then.
 */
export const COMPANY_PLACEHOLDERS = {
  companyName: 'Your Company Name',
  companyAddress: 'Your Company Address',
} as const;

/** The company fields an invoice cannot go out without that are empty or still placeholders. */
export function missingCompanyDetails(s: {
  companyName: string;
  companyAddress: string;
}): (keyof typeof COMPANY_PLACEHOLDERS)[] {
  return (Object.keys(COMPANY_PLACEHOLDERS) as (keyof typeof COMPANY_PLACEHOLDERS)[]).filter((field) => {
    const value = s[field].trim();
    return value === '' || value === COMPANY_PLACEHOLDERS[field];
  });
}

let currencies: Set<string> | undefined;

/** ISO 4217 codes as the runtime's ICU lists them (also historical ones, harmless here). */
export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

export const TimeZoneSchema = text()
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

const CurrencySchema = text()
  .trim()
  .toUpperCase()
  .length(3)
  .refine(isCurrencyCode, 'must be an ISO 4217 currency code such as EUR or USD')
  .describe('ISO 4217 currency code of invoices and amounts');

const trimmed = (max: number) => text().trim().max(max);

export const SettingsResponseSchema = z.object({
  timezone: z.string(),
  currency: z.string(),
  roundingMinutes: z.number().int(),
  roundingMode: z.string().describe('nearest (ties up), up or down'),
  singleActiveTimer: z.boolean(),
  allowSelfRegister: z.boolean(),
  idleTimeoutMinutes: z.number().int(),
  maxEntryDurationSeconds: z
    .number()
    .int()
    .describe('The longest an entry may last when created, edited or stopped by hand, in seconds'),
  backupRetentionDays: z.number().int(),
  backupTime: z.string(),
  exportDelimiter: z.string(),
  allowAnalytics: z.boolean(),
  overlapPolicy: z.string().describe('allow, warn or refuse overlapping entries of one user'),
  tagCreation: z
    .string()
    .describe('everyone or admins: who may create a tag by naming a new one on an entry'),
  budgetThresholds: z
    .array(z.number().int())
    .describe('Budget progress in percent that raises a notification, ascending (docs/budgets.md)'),
  budgetRefuseOver: z.boolean().describe('Refuse time that takes a budget past 100 %'),
  ratesVisibleToAll: z
    .boolean()
    .describe('Whether every user sees rates and money amounts (off: admins and accountants only)'),
  requireTwoFactor: z
    .string()
    .describe('Who must use two-factor authentication: off, admins or everyone (local passwords only)'),
  calendarFeeds: z
    .boolean()
    .describe('Whether users may turn on private calendar feeds of their entries (docs/calendar-feed.md)'),
  companyName: z.string(),
  companyAddress: z.string(),
  companyEmail: z.string(),
  emailFrom: z
    .string()
    .describe('Sender of every mail (`Name <address>` or an address); empty = company name and email'),
  companyPhone: z.string(),
  companyWebsite: z.string(),
  companyLogoFilename: z
    .string()
    .describe('Name of the uploaded logo; set by PUT /api/v1/settings/logo, empty when there is none'),
  logoUrl: z
    .string()
    .nullable()
    .describe('Where the logo is served (public), or null when none has been uploaded'),
  companyTaxId: z.string().describe('The company tax id; sent to admins only').optional(),
  companyBankInfo: z.string().describe('The company bank details; sent to admins only').optional(),
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
    maxEntryDurationSeconds: z
      .number()
      .int()
      .min(MAX_ENTRY_DURATION_BOUNDS.min)
      .max(MAX_ENTRY_DURATION_BOUNDS.max)
      .optional()
      .describe(
        'The longest a time entry may last, in seconds (default 86400 = 24 h; 60 to 2678400 = 31 days): ' +
          'longer entries are refused when created, edited or stopped by hand (not by the idle sweep)',
      ),
    backupRetentionDays: z.number().int().min(1).max(3650).optional(),
    backupTime: text()
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
    tagCreation: z
      .enum(TAG_CREATION)
      .optional()
      .describe('Who may create a tag by naming a new one on an entry or favourite: everyone or admins'),
    budgetThresholds: z
      .array(int(1, 1000))
      .min(1)
      .max(10)
      .refine((v) => v.every((x, i) => i === 0 || x > v[i - 1]!), 'must be ascending, each once')
      .optional()
      .describe(
        'Budget progress in percent (1 to 1000, ascending) whose crossing raises one notification per budget and period; default 50, 80, 100',
      ),
    budgetRefuseOver: z
      .boolean()
      .optional()
      .describe(
        'Refuse (409 BUDGET_EXCEEDED) a time write that takes a budget past 100 %; timer stops are never refused',
      ),
    ratesVisibleToAll: z
      .boolean()
      .optional()
      .describe(
        'Show rates, costs and money amounts to every user and manager (default off: admins and accountants only)',
      ),
    requireTwoFactor: z
      .enum(REQUIRE_TWO_FACTOR)
      .optional()
      .describe(
        'Who must use two-factor authentication (local passwords only; SSO users rely on their provider): ' +
          'off, admins or everyone. Those without it are sent to enrolment after signing in',
      ),
    calendarFeeds: z
      .boolean()
      .optional()
      .describe(
        'Allow private calendar feeds (off: every feed URL answers 404 and the dashboard hides them)',
      ),
    companyName: trimmed(200).min(1).optional(),
    companyAddress: trimmed(1000).optional(),
    companyEmail: z.union([z.literal(''), z.email().max(200)]).optional(),
    emailFrom: trimmed(320)
      .refine(
        (v) =>
          v === '' ||
          /^(?:[^<>"\r\n]{0,200}<[^\s<>@]+@[^\s<>@.]+(?:\.[^\s<>@.]+)+>|[^\s<>@]+@[^\s<>@.]+(?:\.[^\s<>@.]+)+)$/.test(
            v,
          ),
        'must be an address or Name <address>',
      )
      .optional()
      .describe('Sender of every mail (docs/email.md); empty = company name <company email>'),
    companyPhone: trimmed(50).optional(),
    companyWebsite: trimmed(200).optional(),
    companyTaxId: trimmed(100).optional(),
    companyBankInfo: trimmed(2000).optional(),
    invoicePrefix: text()
      .regex(/^[A-Za-z0-9_-]{1,10}$/, '1 to 10 letters, digits, - or _')
      .optional()
      .describe('Invoice numbers are {prefix}-{n}'),
    invoiceStartNumber: z.number().int().min(1).max(999_999_999).optional(),
    invoiceTerms: trimmed(5000).optional(),
    invoiceNotes: trimmed(5000).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change')
  .describe('Only the fields sent are changed');

export type SettingsResponse = z.infer<typeof SettingsResponseSchema>;
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;
