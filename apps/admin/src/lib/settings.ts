import { useQuery } from '@tanstack/react-query';
import type { SettingsResponse } from '@timetracker/contracts';

import { apiGet } from './api-client';

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
  timezone: string;
  currency: string;
}

/** The settings time zone and currency; the browser's zone and no currency until they load. */
export function useLocale(): Locale {
  const { data } = useSettingsQuery();
  return {
    timezone: data?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    currency: data?.currency ?? 'EUR',
  };
}
