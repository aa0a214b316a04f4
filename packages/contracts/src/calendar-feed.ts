import { z } from 'zod';
import { InstantResponseSchema, text } from './common/input';

// The user's private iCalendar feed of their own entries (docs/calendar-feed.md).

/** How far back the feed reaches, in months before today; entries older than that are left out. */
export const CALENDAR_FEED_MONTHS = 6;
/** The most entries one feed holds (the newest): a bound on the response's size. */
export const CALENDAR_FEED_MAX_EVENTS = 5000;

export const CalendarFeedResponseSchema = z
  .object({
    available: z
      .boolean()
      .describe(
        'Whether an admin allows calendar feeds (settings.calendarFeeds); false: every feed answers 404',
      ),
    active: z.boolean().describe('Whether the user has a feed URL that works (when available)'),
    createdAt: InstantResponseSchema.nullable().describe('When the current URL was made'),
    lastUsedAt: InstantResponseSchema.nullable().describe('When a calendar app last fetched it'),
  })
  .describe('The own calendar feed; its URL is shown only when made (POST), never again');

export const CalendarFeedCreatedResponseSchema = CalendarFeedResponseSchema.extend({
  path: z
    .string()
    .describe(
      'The feed URL without the origin (`/api/v1/calendar-feed/<token>.ics`): subscribe to it in a ' +
        'calendar app. Shown only in this response; a new one replaces the old, which stops working',
    ),
});

/**
 * The token of a feed URL, `<key>.<secret>`, optionally with the `.ics` a calendar app likes to
 * see. Anything else is a 404 like an unknown token (the route says nothing about why).
 */
export const CalendarFeedTokenParamSchema = z.strictObject({
  token: text().max(200).describe('The feed token of a URL from POST /account/calendar-feed'),
});

export type CalendarFeedResponse = z.infer<typeof CalendarFeedResponseSchema>;
export type CalendarFeedCreatedResponse = z.infer<typeof CalendarFeedCreatedResponseSchema>;
