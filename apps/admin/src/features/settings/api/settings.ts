import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SettingsResponse, SettingsUpdate } from '@timetracker/contracts';

import { apiDelete, apiPatch, apiPut } from '@/lib/api-client';
import { SETTINGS_KEY } from '@/lib/settings';

/** Time zone and currency change how every page shows times and money: refetch what depends on them. */
function useApplySettings() {
  const queryClient = useQueryClient();
  return (settings: SettingsResponse) => {
    queryClient.setQueryData(SETTINGS_KEY, settings);
    void queryClient.invalidateQueries({ queryKey: ['reports'] });
  };
}

export function useUpdateSettings() {
  const apply = useApplySettings();
  return useMutation({
    mutationFn: (body: SettingsUpdate) => apiPatch<SettingsResponse>('/api/v1/settings', body),
    onSuccess: apply,
  });
}

export function useUploadLogo() {
  const apply = useApplySettings();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return apiPut<SettingsResponse>('/api/v1/settings/logo', form);
    },
    onSuccess: apply,
  });
}

export function useDeleteLogo() {
  const apply = useApplySettings();
  return useMutation({
    mutationFn: () => apiDelete<SettingsResponse>('/api/v1/settings/logo'),
    onSuccess: apply,
  });
}
