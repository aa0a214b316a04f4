import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupPage, BackupResponse } from '@timetracker/contracts';

import { apiGet, apiPost, withQuery } from '@/lib/api-client';

/** How often the list is read again while a backup waits for a worker or is being written. */
export const BACKUP_POLL_MS = 2_000;

export function isInProgress(backup: Pick<BackupResponse, 'status'>): boolean {
  return backup.status === 'requested' || backup.status === 'running';
}

export function useBackups(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['backups', 'list', page, pageSize],
    queryFn: ({ signal }) => apiGet<BackupPage>(withQuery('/api/v1/backups', { page, pageSize }), { signal }),
    placeholderData: keepPreviousData,
    // Progress comes from the worker through the database: poll only while something moves.
    refetchInterval: (query) => (query.state.data?.items.some(isInProgress) ? BACKUP_POLL_MS : false),
  });
}

export function useRequestBackup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<BackupResponse>('/api/v1/backups', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['backups'] }),
  });
}

export function downloadUrl(id: number): string {
  return `/api/v1/backups/${id}/download`;
}
