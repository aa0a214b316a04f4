import { useMutation } from '@tanstack/react-query';
import type { TagMergeResponse, TagResponse, TagUpdate } from '@timetracker/contracts';

import { apiDelete, apiPatch, apiPost } from '@/lib/api-client';
import { useInvalidateKeys, usePagedList } from '@/lib/resources';

export interface TagFilters {
  search?: string;
  archived?: boolean;
  page?: number;
  pageSize?: number;
}

export const useTags = (filters: TagFilters) => usePagedList<TagResponse>('tags', { ...filters });

// Entries, reports and pickers show tag names and colours: refresh them with the tags.
const REFRESH = ['tags', 'time-entries', 'reports', 'favourites', 'timer'];

export function useCreateTag() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: (body: { name: string; colour: string | null }) => apiPost<TagResponse>('/api/v1/tags', body),
    onSuccess: invalidate,
  });
}

export function useUpdateTag() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TagUpdate }) =>
      apiPatch<TagResponse>(`/api/v1/tags/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useMergeTag() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: ({ id, into }: { id: number; into: number }) =>
      apiPost<TagMergeResponse>(`/api/v1/tags/${id}/merge`, { into }),
    onSuccess: invalidate,
  });
}

export function useDeleteTag() {
  const invalidate = useInvalidateKeys(REFRESH);
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/tags/${id}`),
    onSuccess: invalidate,
  });
}
