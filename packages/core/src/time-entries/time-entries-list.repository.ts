import { Prisma, type PrismaClient } from '@timetracker/db';
import type { EntryRow } from './time-entries.repository';

export interface EntryListFilter {
  id?: number;
  userId?: number;
  projectId?: number;
  clientId?: number;
  taskId?: number;
  billable?: boolean;
  tag?: string;
  from?: Date;
  to?: Date;
  running?: boolean;
}

export type EntrySortField = 'startTime' | 'durationSeconds' | 'createdAt';

const SORT_COLUMNS: Record<EntrySortField, Prisma.Sql> = {
  startTime: Prisma.sql`te.start_time`,
  durationSeconds: Prisma.sql`te.duration_seconds`,
  createdAt: Prisma.sql`te.created_at`,
};

/** snake_case column → camelCase field, computed once per column name (a page maps 50 rows). */
const CAMEL = new Map<string, string>();
const camel = (column: string) => {
  let name = CAMEL.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    CAMEL.set(column, name);
  }
  return name;
};
const LABELS = new Set([
  'l_username',
  'l_project_name',
  'l_client_id',
  'l_client_name',
  'l_task_name',
  'l_invoice_status',
  'l_invoice_number',
  'l_total',
]);

/**
 * The entry list, the API's busiest read. Raw SQL: Prisma loads each relation (user, project,
 * client, task, invoice) with a query of its own; this is one statement with joins (plus the
 * count), returning rows in the shape the rest of the code uses. The
 * entry's own columns are taken whole (`te.*`) so that columns added later flow through.
 */
export class TimeEntryListRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** One entry with its labels (the timer answers with it). */
  async byId(id: number): Promise<EntryRow | null> {
    const { items } = await this.page({ id }, { field: 'startTime', desc: true }, 0, 1);
    return items[0] ?? null;
  }

  async page(
    filter: EntryListFilter,
    sort: { field: EntrySortField; desc: boolean },
    skip: number,
    take: number,
  ) {
    const where = conditions(filter);
    const direction = sort.desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
    // Two statements in parallel: a window count would make the joins run over every matching
    // row before the LIMIT; counting apart lets the page use the (user_id, start_time) index.
    const [rows, counted] = await Promise.all([
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        SELECT te.*, u.username AS l_username, p.name AS l_project_name, p.client_id AS l_client_id,
               c.name AS l_client_name, t.name AS l_task_name, i.status AS l_invoice_status,
               i.invoice_number AS l_invoice_number
          FROM time_entries te
          LEFT JOIN users u ON u.id = te.user_id
          LEFT JOIN projects p ON p.id = te.project_id
          LEFT JOIN clients c ON c.id = p.client_id
          LEFT JOIN tasks t ON t.id = te.task_id
          LEFT JOIN invoice_items ii ON ii.id = te.invoice_item_id
          LEFT JOIN invoices i ON i.id = ii.invoice_id
         WHERE ${where}
         ORDER BY ${SORT_COLUMNS[sort.field]} ${direction}, te.id ${direction}
         LIMIT ${take} OFFSET ${skip}`,
      filter.clientId === undefined
        ? this.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM time_entries te WHERE ${where}`
        : this.prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM time_entries te JOIN projects p ON p.id = te.project_id WHERE ${where}`,
    ]);
    const total = Number(counted[0]!.n);
    return { items: rows.map(toEntryRow), total };
  }
}

function conditions(f: EntryListFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.id !== undefined) parts.push(Prisma.sql`te.id = ${f.id}`);
  if (f.userId !== undefined) parts.push(Prisma.sql`te.user_id = ${f.userId}`);
  if (f.projectId !== undefined) parts.push(Prisma.sql`te.project_id = ${f.projectId}`);
  if (f.clientId !== undefined) parts.push(Prisma.sql`p.client_id = ${f.clientId}`);
  if (f.taskId !== undefined) parts.push(Prisma.sql`te.task_id = ${f.taskId}`);
  if (f.billable !== undefined) parts.push(Prisma.sql`te.billable = ${f.billable}`);
  if (f.running !== undefined)
    parts.push(f.running ? Prisma.sql`te.end_time IS NULL` : Prisma.sql`te.end_time IS NOT NULL`);
  if (f.from) parts.push(Prisma.sql`te.start_time >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`te.start_time < ${f.to}`);
  // A whole tag of the comma-separated column (position() needs no LIKE escaping).
  if (f.tag)
    parts.push(Prisma.sql`position(',' || ${f.tag} || ',' in ',' || coalesce(te.tags, '') || ',') > 0`);
  return Prisma.join(parts, ' AND ');
}

function toEntryRow(row: Record<string, unknown>): EntryRow {
  const entry: Record<string, unknown> = {};
  for (const column in row) {
    if (!LABELS.has(column)) entry[camel(column)] = row[column];
  }
  const label = (key: string) => (row[key] ?? null) as string | null;
  return {
    ...entry,
    user: row.user_id === null ? null : { username: label('l_username') ?? '' },
    project:
      row.project_id === null
        ? null
        : {
            name: label('l_project_name') ?? '',
            clientId: (row.l_client_id as number | null) ?? null,
            clientRef: row.l_client_id === null ? null : { name: label('l_client_name') ?? '' },
          },
    task: row.task_id === null ? null : { name: label('l_task_name') ?? '' },
    invoiceItem:
      row.invoice_item_id === null
        ? null
        : {
            invoice:
              row.l_invoice_status === null
                ? null
                : { status: label('l_invoice_status')!, invoiceNumber: label('l_invoice_number')! },
          },
  } as EntryRow;
}
