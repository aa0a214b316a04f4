import type { Readable } from 'node:stream';
import type { ReportDimension, ReportSummaryQuery, ReportSummaryResponse } from '@timetracker/contracts';
import type { Principal } from '../auth/principal';
import type { ReportsService } from '../reports/reports.service';
import { localDate } from '../time/zone';
import { xlsxStream, type XlsxColumn, type XlsxKind, type XlsxValue } from './xlsx';

const DIMENSION_HEADERS: Record<ReportDimension, string> = {
  user: 'User',
  client: 'Client',
  project: 'Project',
  task: 'Task',
  tag: 'Tag',
  billable: 'Billable',
  day: 'Day',
  week: 'Week',
  month: 'Month',
};

/** Days and weeks as dates, months as the month's first day: sortable values, not text. */
const DIMENSION_KINDS: Partial<Record<ReportDimension, XlsxKind>> = {
  day: 'date',
  week: 'date',
  month: 'month',
};

type Group = ReportSummaryResponse['rows'][number]['groups'][number];

function groupValue(group: Group | undefined): XlsxValue {
  if (!group) return null;
  if (DIMENSION_KINDS[group.dimension] && group.key)
    return new Date(`${group.key.length === 7 ? `${group.key}-01` : group.key}T00:00:00Z`);
  return group.label;
}

type Figures = ReportSummaryResponse['totals'];

/**
 * The report summary as the Reports screen shows it, as an XLSX workbook: one row per group
 * (its dimensions, then hours, billable hours and breaks as [h]:mm, the amount, cost and margin
 * when the viewer may see them, the number of entries) and the totals last. Every figure comes
 * from ReportsService.summary, with its access and money rules.
 */
export class ReportSummaryExportService {
  constructor(private readonly reports: Pick<ReportsService, 'summary'>) {}

  async summaryXlsx(
    actor: Principal,
    query: ReportSummaryQuery,
    now = new Date(),
  ): Promise<{ filename: string; stream: Readable }> {
    const report = await this.reports.summary(actor, query, now);
    const money = report.totals.billableAmount !== undefined;
    const cost = report.totals.costAmount !== undefined;
    const columns: XlsxColumn[] = [
      ...report.groupBy.map((d) => ({ header: DIMENSION_HEADERS[d], kind: DIMENSION_KINDS[d] ?? 'text' })),
      { header: 'Hours', kind: 'duration' },
      { header: 'Billable hours', kind: 'duration' },
      { header: 'Breaks', kind: 'duration' },
      ...(money ? [{ header: `Amount (${report.currency})`, kind: 'money' as const }] : []),
      ...(cost
        ? [
            { header: `Cost (${report.currency})`, kind: 'money' as const },
            { header: `Margin (${report.currency})`, kind: 'money' as const },
          ]
        : []),
      { header: 'Entries', kind: 'integer' },
    ];
    const figures = (f: Figures & { margin?: string }): XlsxValue[] => [
      f.seconds,
      f.billableSeconds,
      f.breakSeconds,
      ...(money ? [f.billableAmount ?? null] : []),
      ...(cost ? [f.costAmount ?? null, f.margin ?? null] : []),
      f.entries,
    ];
    const rows = report.rows.map((row) => [
      ...report.groupBy.map((_d, i) => groupValue(row.groups[i])),
      ...figures(row),
    ]);
    const footer = [...report.groupBy.map((_d, i) => (i === 0 ? 'Total' : null)), ...figures(report.totals)];
    // A total under a date column would not be a date: the label goes in as text.
    const footerColumns = columns.map((c, i) =>
      i < report.groupBy.length ? { ...c, kind: 'text' as const } : c,
    );
    const preamble: XlsxValue[][] = [
      ['Time report'],
      ['From', report.from ?? ''],
      ['To', report.to ?? ''],
      ['Time zone', report.timezone],
      ['Currency', report.currency],
    ];
    return {
      filename: `report-${localDate(now, report.timezone)}.xlsx`,
      stream: xlsxStream({
        name: 'Report',
        preamble,
        columns,
        rows: [rows],
        footer,
        footerColumns,
      }),
    };
  }
}
