/**
 * The hours a person means to work in a week. One place to read it: until users set their own
 * (account preferences), everyone's is 40 hours.
 */
export const DEFAULT_WEEKLY_TARGET_SECONDS = 40 * 3600;

export function useWeeklyTargetSeconds(): number {
  return DEFAULT_WEEKLY_TARGET_SECONDS;
}
