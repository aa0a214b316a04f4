import { z } from 'zod';
import { TimeZoneSchema } from './settings';

// A person's own preferences (users columns). What they leave unset follows the company's
// settings (time zone) or the browser (language).

export const LANGUAGES = ['en', 'de', 'fr', 'it', 'es'] as const;
export const WEEK_STARTS = ['monday', 'sunday', 'saturday'] as const;
export const CLOCKS = ['24h', '12h'] as const;
/** `auto`: as the dashboard's language writes dates; the others are dayjs patterns. */
export const DATE_FORMATS = ['auto', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
/** A week has 168 hours: a target above that is a typing mistake. */
export const WEEKLY_TARGET_MAX_SECONDS = 168 * 3600;

export type Language = (typeof LANGUAGES)[number];
export type WeekStart = (typeof WEEK_STARTS)[number];
export type Clock = (typeof CLOCKS)[number];
export type DateFormat = (typeof DATE_FORMATS)[number];

export const PreferencesResponseSchema = z
  .object({
    timezone: z
      .string()
      .nullable()
      .describe("The user's IANA time zone; null: the company's (settings.timezone)"),
    effectiveTimezone: z
      .string()
      .describe('The zone the user’s days, weeks and reports are cut in: timezone, else settings.timezone'),
    language: z.enum(LANGUAGES).nullable().describe("Dashboard language; null: the browser's"),
    weekStart: z.enum(WEEK_STARTS).describe('First day of the week in calendars and week views'),
    clock: z.enum(CLOCKS).describe('12- or 24-hour clock'),
    dateFormat: z
      .enum(DATE_FORMATS)
      .describe('How dates are written in the dashboard; auto: as its language writes them'),
    weeklyTargetSeconds: z
      .number()
      .int()
      .nullable()
      .describe('Hours a week the user aims for, in seconds; null: no target'),
  })
  .describe("The signed-in user's preferences");

export const PreferencesUpdateSchema = z
  .strictObject({
    timezone: TimeZoneSchema.nullable()
      .optional()
      .describe("IANA time zone name, or null to follow the company's (settings.timezone)"),
    language: z.enum(LANGUAGES).nullable().optional().describe("null: the browser's language"),
    weekStart: z.enum(WEEK_STARTS).optional(),
    clock: z.enum(CLOCKS).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    weeklyTargetSeconds: z
      .number()
      .int()
      .min(0)
      .max(WEEKLY_TARGET_MAX_SECONDS)
      .nullable()
      .optional()
      .describe('Seconds a week (0 to 604800, e.g. 144000 = 40 h); null: no target'),
  })
  .describe('Only the fields sent change');

export type PreferencesResponse = z.infer<typeof PreferencesResponseSchema>;
export type PreferencesUpdate = z.infer<typeof PreferencesUpdateSchema>;
