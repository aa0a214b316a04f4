import { useSession } from '@/lib/session';

/** What a person aims for when they have not said otherwise (the preference's default too). */
export const DEFAULT_WEEKLY_TARGET_SECONDS = 40 * 3600;

/**
 * The hours a person means to work in a week, from their account preferences (null: they set no
 * target). One place to read it.
 */
export function useWeeklyTargetSeconds(): number | null {
  const { preferences } = useSession();
  return preferences ? preferences.weeklyTargetSeconds : DEFAULT_WEEKLY_TARGET_SECONDS;
}
