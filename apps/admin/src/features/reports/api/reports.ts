import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  DashboardResponse,
  ReportDimension,
  ReportPeriod,
  ReportPricing,
  ReportSeriesName,
  ReportSeriesResponse,
  ReportSummaryResponse,
  WeekStart,
} from '@timetracker/contracts';

import { apiGet, withQuery } from '@/lib/api-client';

/** The filters every report takes, as the query string wants them (lists comma-separated). */
export interface ReportFilters {
  period?: ReportPeriod;
  /** Where days, weeks and months are cut; unset: the viewer's zone. */
  timezone?: string;
  weekStart?: WeekStart;
  from?: string;
  to?: string;
  users?: number[];
  clients?: number[];
  projects?: number[];
  tasks?: number[];
  tags?: string;
  tagMode?: 'any' | 'all';
  billable?: boolean;
  includeRunning?: boolean;
}

export function useDashboard() {
  return useQuery({
    queryKey: ['reports', 'dashboard'],
    queryFn: ({ signal }) => apiGet<DashboardResponse>('/api/v1/reports/dashboard', { signal }),
    refetchInterval: 60_000,
  });
}

export function useSeries(name: ReportSeriesName, filters: ReportFilters, limit?: number) {
  return useQuery({
    queryKey: ['reports', 'series', name, filters, limit],
    queryFn: ({ signal }) =>
      apiGet<ReportSeriesResponse>(withQuery(`/api/v1/reports/series/${name}`, { ...filters, limit }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useSummary(
  filters: ReportFilters,
  groupBy: ReportDimension[],
  priceAs: ReportPricing = 'exact',
) {
  return useQuery({
    queryKey: ['reports', 'summary', filters, groupBy, priceAs],
    queryFn: ({ signal }) =>
      apiGet<ReportSummaryResponse>(
        withQuery('/api/v1/reports/summary', {
          ...filters,
          groupBy,
          priceAs: priceAs === 'exact' ? undefined : priceAs,
        }),
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

/** A plain GET the browser downloads itself (the session cookie goes along). */
export function exportUrl(filters: ReportFilters, columns: string[], bom: boolean): string {
  return withQuery('/api/v1/exports/time-entries.csv', { ...filters, columns, bom: bom || undefined });
}

/** The same entries and columns as an Excel workbook (dates, durations and amounts as values). */
export function xlsxExportUrl(filters: ReportFilters, columns?: string[]): string {
  return withQuery('/api/v1/exports/time-entries.xlsx', { ...filters, columns });
}

/** The summary as the Reports screen shows it, as an Excel workbook. */
export function summaryXlsxUrl(
  filters: ReportFilters,
  groupBy: ReportDimension[],
  priceAs: ReportPricing,
): string {
  return withQuery('/api/v1/exports/report-summary.xlsx', {
    ...filters,
    groupBy,
    priceAs: priceAs === 'exact' ? undefined : priceAs,
  });
}
