import { z } from 'zod';
import { DaySchema, InstantResponseSchema, QueryIdSchema } from './common/input';
import { TimeEntryResponseSchema } from './time-entries';

// The calendar: one user's entries over a few days, in one request (day and week views).

/** A month view's six weeks: the longest range one request answers. */
export const MAX_CALENDAR_DAYS = 42;

export const CalendarQuerySchema = z
  .strictObject({
    from: DaySchema.optional().describe(
      "First day, in the viewer's time zone; default this week's Monday there",
    ),
    to: DaySchema.optional().describe(
      `Last day, included; at most ${MAX_CALENDAR_DAYS} days in all; default six days after from`,
    ),
    userId: QueryIdSchema.optional().describe("Whose calendar (admins: anyone's); default your own"),
  })
  .refine((v) => !v.from || !v.to || v.to >= v.from, {
    path: ['to'],
    message: 'can’t be before the first day',
  })
  .refine(
    (v) => !v.from || !v.to || (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 < MAX_CALENDAR_DAYS,
    {
      path: ['to'],
      message: `at most ${MAX_CALENDAR_DAYS} days`,
    },
  );

export const CalendarEntryResponseSchema = TimeEntryResponseSchema.extend({
  lockedReason: z
    .string()
    .nullable()
    .describe('Why a locked entry cannot change (the invoice it is billed on); null when not locked'),
});

export const CalendarResponseSchema = z.object({
  userId: z.number().int(),
  timeZone: z.string().describe('The zone the days were cut in (the viewer’s)'),
  from: InstantResponseSchema.describe('Start of the first day in timeZone'),
  to: InstantResponseSchema.describe('End of the last day (exclusive) in timeZone'),
  items: z
    .array(CalendarEntryResponseSchema)
    .describe(
      'Every entry that overlaps [from, to), running timers included, in start order: an entry across midnight shows on both days',
    ),
});

export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;
export type CalendarEntry = z.infer<typeof CalendarEntryResponseSchema>;
export type CalendarResponse = z.infer<typeof CalendarResponseSchema>;
