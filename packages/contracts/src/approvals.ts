import { z } from 'zod';
import { DaySchema, InstantResponseSchema, text } from './common/input';
import { TimeEntryResponseSchema } from './time-entries';

// Week approvals and the lockdown (issue #18 §4): docs/approvals.md.

export const APPROVAL_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const ApprovalSubmitSchema = z.strictObject({
  week: DaySchema.describe('Any day of your week (your time zone and first day of the week)'),
});

export const ApprovalOwnWeekQuerySchema = z.strictObject({
  week: DaySchema.describe('Any day of your week; default: this week').optional(),
});

export const ApprovalDecideSchema = z.strictObject({
  note: text().max(2000).nullable().optional().describe('Said to the user with the decision'),
});

export const ApprovalRejectSchema = z.strictObject({
  note: text().trim().min(1).max(2000).describe('Why: the user reads it to correct the week'),
});

export const ApprovalQueueQuerySchema = z.strictObject({
  status: z.enum(APPROVAL_STATUSES).default('submitted').describe('Which weeks; default: those waiting'),
});

export const ApprovalResponseSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  username: z.string(),
  weekStart: z.string().describe('YYYY-MM-DD: the first day of the week in the user’s zone'),
  startsAt: InstantResponseSchema,
  endsAt: InstantResponseSchema,
  status: z.enum(APPROVAL_STATUSES),
  submittedAt: InstantResponseSchema,
  decidedAt: InstantResponseSchema.nullable(),
  decidedBy: z.number().int().nullable(),
  decidedByName: z.string().nullable(),
  note: z.string().nullable(),
  totalSeconds: z.number().int().describe('Billed seconds of the entries starting in the week'),
  entryCount: z.number().int(),
});

export const ApprovalListResponseSchema = z.object({ items: z.array(ApprovalResponseSchema) });

export const ApprovalDetailResponseSchema = ApprovalResponseSchema.extend({
  entries: z.array(TimeEntryResponseSchema).describe('The entries starting in the week, in start order'),
});

export const OwnWeekResponseSchema = z.object({
  weekStart: z.string().describe('YYYY-MM-DD'),
  approval: ApprovalResponseSchema.nullable().describe('null: never submitted'),
});

export const LockdownSchema = z.strictObject({
  lockedBefore: DaySchema.nullable().describe(
    'Time starting before this day (00:00 in settings.timezone) is locked for all but admins; null: no lockdown',
  ),
});

export const LockdownResponseSchema = z.object({ lockedBefore: z.string().nullable() });

export type ApprovalResponse = z.infer<typeof ApprovalResponseSchema>;
export type ApprovalDetailResponse = z.infer<typeof ApprovalDetailResponseSchema>;
export type OwnWeekResponse = z.infer<typeof OwnWeekResponseSchema>;
export type LockdownResponse = z.infer<typeof LockdownResponseSchema>;
