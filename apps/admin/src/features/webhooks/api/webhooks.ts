import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  WebhookCreate,
  WebhookCreatedResponse,
  WebhookDeliveryPage,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookResponse,
  WebhookUpdate,
} from '@timetracker/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';

const KEY = ['webhooks'] as const;

/** While a delivery waits or is being sent, the log is read again this often. */
export const DELIVERY_POLL_MS = 3_000;

export function useWebhooks() {
  return useQuery({
    queryKey: [...KEY, 'list'],
    queryFn: ({ signal }) => apiGet<WebhookListResponse>('/api/v1/webhooks', { signal }),
    select: (data) => data.items,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookCreate) => apiPost<WebhookCreatedResponse>('/api/v1/webhooks', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: WebhookUpdate }) =>
      apiPatch<WebhookResponse>(`/api/v1/webhooks/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete(`/api/v1/webhooks/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeliveries(id: number | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...KEY, 'deliveries', id, page, pageSize],
    queryFn: ({ signal }) =>
      apiGet<WebhookDeliveryPage>(withQuery(`/api/v1/webhooks/${id}/deliveries`, { page, pageSize }), {
        signal,
      }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === 'pending' || d.status === 'sending')
        ? DELIVERY_POLL_MS
        : false,
  });
}

export function useSendTest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiPost<WebhookDeliveryResponse>(`/api/v1/webhooks/${id}/test`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRedeliver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, deliveryId }: { id: number; deliveryId: number }) =>
      apiPost<WebhookDeliveryResponse>(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
