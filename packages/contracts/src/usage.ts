import { z } from 'zod';
import { DaySchema } from './common/input';

/** The longest range one usage query may cover, in days. */
export const USAGE_MAX_RANGE_DAYS = 366;

const day = DaySchema.describe('A UTC day, YYYY-MM-DD');

export const UsageQuerySchema = z
  .strictObject({
    from: day.optional().describe('First UTC day (YYYY-MM-DD), inclusive; default 29 days before `to`'),
    to: day.optional().describe('Last UTC day (YYYY-MM-DD), inclusive; default today'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export const UsageCountSchema = z.object({
  day: z.iso.date(),
  routeGroup: z.string().describe('First path segment after /api/v1, e.g. time-entries'),
  count: z.number().int().nonnegative(),
});

export const UsageResponseSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    enabled: z.boolean().describe('Whether counting is on now (settings.allowAnalytics)'),
    items: z.array(UsageCountSchema).describe('Per day and route group, oldest day first'),
    totals: z
      .array(z.object({ routeGroup: z.string(), count: z.number().int().nonnegative() }))
      .describe('Per route group over the range, most used first'),
  })
  .describe('Local request counts; nothing personal is recorded and nothing leaves the server');

export type UsageQuery = z.infer<typeof UsageQuerySchema>;
export type UsageCount = z.infer<typeof UsageCountSchema>;
export type UsageResponse = z.infer<typeof UsageResponseSchema>;
