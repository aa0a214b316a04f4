import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  InvoiceCreate,
  InvoiceGenerate,
  InvoiceItemCreate,
  InvoiceItemUpdate,
  InvoiceResponse,
  InvoiceSummary,
  InvoiceUpdate,
  TimeEntryResponse,
} from '@timetracker/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, withQuery } from '@/lib/api-client';
import { dayRangeToInstants } from '@/lib/dates';

export interface InvoiceFilters {
  status?: string;
  search?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export function useInvoices(filters: InvoiceFilters) {
  return useQuery({
    queryKey: ['invoices', 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<Page<InvoiceSummary>>(withQuery('/api/v1/invoices', { ...filters }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Sent-and-unpaid invoices (overdue ones included) for the outstanding and overdue totals. */
export function useOpenInvoices() {
  return useQuery({
    queryKey: ['invoices', 'open'],
    queryFn: async ({ signal }) => {
      const [sent, overdue] = await Promise.all(
        ['sent', 'overdue'].map((status) =>
          apiGet<Page<InvoiceSummary>>(withQuery('/api/v1/invoices', { status, pageSize: 500 }), { signal }),
        ),
      );
      return { sent: sent?.items ?? [], overdue: overdue?.items ?? [] };
    },
  });
}

export function useInvoice(id: number) {
  return useQuery({
    queryKey: ['invoices', 'detail', id],
    queryFn: ({ signal }) => apiGet<InvoiceResponse>(`/api/v1/invoices/${id}`, { signal }),
  });
}

/**
 * What generating would bill: the project's billable, finished entries in the range that are on
 * no invoice yet — the same rule the API applies.
 */
export function useBillablePreview(
  projectId: number | null,
  from: string | null,
  to: string | null,
  tz: string,
  /** Lines of the draft being regenerated: their entries are billed again, not elsewhere. */
  ownItemIds: number[] = [],
) {
  return useQuery({
    queryKey: ['time-entries', 'billable-preview', projectId, from, to, tz, ownItemIds],
    queryFn: async ({ signal }) => {
      const range = from && to ? dayRangeToInstants(from, to, tz) : {};
      const page = await apiGet<Page<TimeEntryResponse>>(
        withQuery('/api/v1/time-entries', {
          projectId,
          billable: true,
          running: false,
          pageSize: 500,
          sort: 'startTime',
          ...range,
        }),
        { signal },
      );
      return page.items.filter((e) => e.invoiceItemId === null || ownItemIds.includes(e.invoiceItemId));
    },
    enabled: projectId !== null,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  // Billing links entries to lines (and locks them once sent).
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['invoices'] }),
      queryClient.invalidateQueries({ queryKey: ['time-entries'] }),
    ]);
}

export function useCreateInvoice() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: InvoiceCreate) => apiPost<InvoiceResponse>('/api/v1/invoices', body),
    onSuccess: invalidate,
  });
}

export function useInvoiceAction(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (action: 'send' | 'mark-paid' | 'cancel' | 'duplicate') =>
      apiPost<InvoiceResponse>(`/api/v1/invoices/${id}/${action}`),
    onSuccess: invalidate,
  });
}

export function useGenerateLines(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: InvoiceGenerate) => apiPost<InvoiceResponse>(`/api/v1/invoices/${id}/generate`, body),
    onSuccess: invalidate,
  });
}

export function useAddLine(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: InvoiceItemCreate) => apiPost<InvoiceResponse>(`/api/v1/invoices/${id}/items`, body),
    onSuccess: invalidate,
  });
}

/** Bill-to details, dates, tax rate, notes and terms of a draft. */
export function useUpdateInvoice(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: InvoiceUpdate) => apiPatch<InvoiceResponse>(`/api/v1/invoices/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateLine(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: number; body: InvoiceItemUpdate }) =>
      apiPatch<InvoiceResponse>(`/api/v1/invoices/${id}/items/${itemId}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteLine(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (itemId: number) => apiDelete<InvoiceResponse>(`/api/v1/invoices/${id}/items/${itemId}`),
    onSuccess: invalidate,
  });
}

export function useDeleteInvoice(id: number) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: () => apiDelete(`/api/v1/invoices/${id}`), onSuccess: invalidate });
}

/** Money strings summed in cents: exact, unlike floats. */
export function sumMoney(amounts: string[]): string {
  const cents = amounts.reduce((sum, a) => {
    const [whole = '0', frac = ''] = a.split('.');
    return sum + Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
  }, 0);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
