import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type {
  ImportFormat,
  ImportPage,
  ImportResponse,
  ImportStatus,
  ImportUpdate,
} from '@timetracker/contracts';

import { apiGet, apiPatch, apiPost, apiRequest, withQuery } from '@/lib/api-client';

const KEY = ['imports'] as const;

/** While a worker has the import, its progress is read again this often. */
export const IMPORT_POLL_MS = 1_000;

export const isBusy = (status: ImportStatus) => status === 'queued' || status === 'running';

export type RowOutcome = 'create' | 'skip' | 'refuse';

export function useImports(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...KEY, 'list', page, pageSize],
    queryFn: ({ signal }) => apiGet<ImportPage>(withQuery('/api/v1/imports', { page, pageSize }), { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((i) => isBusy(i.status)) ? IMPORT_POLL_MS : false,
  });
}

export function useImport(id: number | null, rows: { page: number; pageSize: number; outcome?: RowOutcome }) {
  return useQuery({
    queryKey: [...KEY, 'one', id, rows.page, rows.pageSize, rows.outcome ?? null],
    queryFn: ({ signal }) =>
      apiGet<ImportResponse>(withQuery(`/api/v1/imports/${id}`, { ...rows }), { signal }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data && isBusy(query.state.data.status) ? IMPORT_POLL_MS : false,
  });
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, format, timezone }: { file: File; format?: ImportFormat; timezone?: string }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return apiRequest<ImportResponse>('POST', withQuery('/api/v1/imports', { format, timezone }), {
        body: form,
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/**
 * Saves a change to one import's setup. Each save sends the whole mapping, built on the one before:
 * the saves of an import run one after another (one scope), so two picks made in quick succession
 * reach the server in order and the last one wins; the later waits, paused, while the earlier is
 * sent and the import read back.
 */
export function useUpdateImport(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportUpdate) => apiPatch<ImportResponse>(`/api/v1/imports/${id}`, body),
    scope: { id: `imports:${id}:setup` },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/** dry-run, run, cancel, undo: each answers the import as it is now. */
export function useImportAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'dry-run' | 'run' | 'cancel' | 'undo' }) =>
      apiPost<ImportResponse>(`/api/v1/imports/${id}/${action}`, {}),
    // An undo deletes entries everywhere: lists, reports and totals are read again.
    onSettled: (_data, _error, { action }) =>
      queryClient.invalidateQueries(action === 'undo' ? undefined : { queryKey: KEY }),
  });
}

/** When a run this screen watched ends, what shows entries (lists, reports) is read again. */
export function useRefreshWhenRunEnds(item: ImportResponse | undefined) {
  const queryClient = useQueryClient();
  const wasRunning = useRef(false);
  const running = item !== undefined && item.mode === 'run' && isBusy(item.status);
  useEffect(() => {
    if (wasRunning.current && !running)
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== KEY[0] });
    wasRunning.current = running;
  }, [running, queryClient]);
}
