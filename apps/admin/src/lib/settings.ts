import { useQuery } from '@tanstack/react-query';
import type { SettingsResponse } from '@timetracker/contracts';

import { apiGet } from './api-client';
import { useSession } from './session';

export const SETTINGS_KEY = ['settings'] as const;

/** Every signed-in user reads the settings: the time zone and currency shape every page. */
export function useSettingsQuery() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => apiGet<SettingsResponse>('/api/v1/settings', { signal }),
    staleTime: 5 * 60_000,
  });
}

export interface Locale {
  /** The viewer's zone: their preference, else settings.timezone (as the API's viewerZone). */
  timezone: string;
  currency: string;
}

/**
 * The viewer's time zone (their preference, else the company's) and the settings currency; the
 * browser's zone until they load.
 */
export function useLocale(): Locale {
  const { data } = useSettingsQuery();
  const { preferences } = useSession();
  return {
    timezone: preferences?.timezone ?? data?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    currency: data?.currency ?? 'EUR',
  };
}
