import { Prisma, type PrismaClient } from '@timetracker/db';
import type { InvoiceStatus } from '@timetracker/contracts';
import type { BillableEntry } from './invoice-lines';
import { toDateColumn } from './invoice.view';
import { formatQuantity } from './invoice-money';
import { entryRatesJoin } from '../rates/rate-sql';
import { FINISHED_SECONDS_SQL, BULK_WRITE_SQL } from '../time-entries/entry-sql';

type Db = PrismaClient | Prisma.TransactionClient;

/** Namespace of the advisory lock that serializes invoice numbering (one lock for all invoices). */
const NUMBERING_LOCK_NAMESPACE = 0x1a7c;

/** Filters of the invoice list (combined with AND). */
export interface InvoiceListFilter {
  status?: InvoiceStatus;
  overdue?: boolean;
  projectId?: number;
  clientId?: number;
  search?: string;
  from?: string;
  to?: string;
}

// Numbers are allocated in creation order, so the id sorts them numerically ("INV-999" < "INV-1000").
const SORTS = {
  issueDate: 'issueDate',
  dueDate: 'dueDate',
  invoiceNumber: 'id',
  totalAmount: 'totalAmount',
  createdAt: 'createdAt',
} as const;

export type InvoiceSortField = keyof typeof SORTS;

export const isInvoiceSortField = (field: string): field is InvoiceSortField => field in SORTS;

/** isPastDue (./overdue) as a query: sent, and due before `today` (a DATE column value). */
export const pastDueWhere = (today: Date) =>
  ({ status: 'sent', dueDate: { lt: today } }) satisfies Prisma.InvoiceWhereInput;

function listWhere(filter: InvoiceListFilter, today: Date): Prisma.InvoiceWhereInput {
  const overdue: Prisma.InvoiceWhereInput = { OR: [{ status: 'overdue' }, pastDueWhere(today)] };
  const and: Prisma.InvoiceWhereInput[] = [];
  if (filter.status === 'overdue') and.push(overdue);
  else if (filter.status === 'sent') and.push({ status: 'sent', NOT: pastDueWhere(today) });
  else if (filter.status) and.push({ status: filter.status });
  if (filter.overdue === true) and.push(overdue);
  if (filter.overdue === false) and.push({ NOT: overdue });
  if (filter.projectId !== undefined) and.push({ projectId: filter.projectId });
  if (filter.clientId !== undefined) and.push({ project: { clientId: filter.clientId } });
  if (filter.search) {
    const contains = { contains: filter.search, mode: 'insensitive' as const };
    and.push({ OR: [{ invoiceNumber: contains }, { clientName: contains }] });
  }
  if (filter.from) and.push({ issueDate: { gte: toDateColumn(filter.from) } });
  if (filter.to) and.push({ issueDate: { lte: toDateColumn(filter.to) } });
  return { AND: and };
}

const INVOICE_FIELDS = {
  id: true,
  invoiceNumber: true,
  projectId: true,
  clientName: true,
  clientEmail: true,
  clientAddress: true,
  issueDate: true,
  dueDate: true,
  status: true,
  subtotal: true,
  taxRate: true,
  taxAmount: true,
  totalAmount: true,
  notes: true,
  terms: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
  project: { select: { name: true, clientId: true } },
} satisfies Prisma.InvoiceSelect;

export const INVOICE_SELECT = {
  ...INVOICE_FIELDS,
  items: {
    orderBy: { id: 'asc' },
    select: {
      id: true,
      description: true,
      quantity: true,
      unitPrice: true,
      totalAmount: true,
      timeEntries: { orderBy: { id: 'asc' }, select: { id: true } },
    },
  },
} satisfies Prisma.InvoiceSelect;

export const INVOICE_SUMMARY_SELECT = {
  ...INVOICE_FIELDS,
  _count: { select: { items: true } },
} satisfies Prisma.InvoiceSelect;

export type InvoiceRow = Prisma.InvoiceGetPayload<{ select: typeof INVOICE_SELECT }>;
export type InvoiceSummaryRow = Prisma.InvoiceGetPayload<{ select: typeof INVOICE_SUMMARY_SELECT }>;

/** The invoice row as a transaction holds it locked: what state changes decide on. */
export interface LockedInvoice {
  id: number;
  invoiceNumber: string;
  status: string;
  projectId: number | null;
  taxRate: string;
}

export interface NewItem {
  description: string;
  quantity: string;
  unitPrice: string;
  totalAmount: string;
}

/** A line made from time, with what its linked entries add up to now. */
export interface TimeLineCheck {
  itemId: number;
  description: string;
  quantity: string;
  unitPrice: string;
  seconds: number;
  entryIds: number[];
}

export interface EntryCriteria {
  from?: Date;
  to?: Date;
  entryIds?: number[];
}

export class InvoicesRepository {
  constructor(private readonly db: Db) {}

  /**
   * Runs `work` in one transaction. Waits generously for a connection and locks: 50 invoices
   * created at once queue on the numbering lock (Prisma's 2 s default would fail them instead).
   */
  transaction<T>(work: (repo: InvoicesRepository) => Promise<T>): Promise<T> {
    return (this.db as PrismaClient).$transaction((tx) => work(new InvoicesRepository(tx)), {
      maxWait: 30_000,
      timeout: 30_000,
    });
  }

  /** Held until the transaction ends, so "read the highest number, insert the next" is atomic. */
  async lockNumbering(): Promise<void> {
    // Raw SQL: Prisma has no API for advisory locks (executeRaw: the function returns void).
    await this.db.$executeRaw`SELECT pg_advisory_xact_lock(${NUMBERING_LOCK_NAMESPACE}::int, 1)`;
  }

  /**
   * The next n of `{prefix}-{n}`: one more than the highest in use with this prefix, and never
   * below `start` (raising invoice_start_number skips ahead; lowering it never reuses numbers).
   */
  async nextNumber(prefix: string, start: number): Promise<number> {
    // Raw SQL: the number is a suffix of a text column, compared numerically.
    const [row] = await this.db.$queryRaw<{ next: bigint }[]>`
      SELECT GREATEST(COALESCE(max(substr(invoice_number, length(${prefix}) + 2)::bigint) + 1, 0), ${start}::bigint) AS next
        FROM invoices
       WHERE starts_with(invoice_number, ${prefix} || '-')
         AND substr(invoice_number, length(${prefix}) + 2) ~ '^[0-9]{1,15}$'`;
    return Number(row!.next);
  }

  /** Whether a higher number with the same prefix exists (deleting this one would leave a gap). */
  async hasLaterNumber(prefix: string, n: number): Promise<boolean> {
    // Raw SQL: as in nextNumber.
    const [row] = await this.db.$queryRaw<{ later: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM invoices
         WHERE starts_with(invoice_number, ${prefix} || '-')
           AND substr(invoice_number, length(${prefix}) + 2) ~ '^[0-9]{1,15}$'
           AND substr(invoice_number, length(${prefix}) + 2)::bigint > ${n}::bigint) AS later`;
    return row!.later;
  }

  async billingSettings() {
    const s = await this.db.settings.findUnique({
      where: { id: 1 },
      select: {
        invoicePrefix: true,
        invoiceStartNumber: true,
        invoiceNotes: true,
        invoiceTerms: true,
        timezone: true,
        currency: true,
      },
    });
    return (
      s ?? {
        invoicePrefix: 'INV',
        invoiceStartNumber: 1000,
        invoiceNotes: '',
        invoiceTerms: '',
        timezone: 'UTC',
        currency: 'EUR',
      }
    );
  }

  projectForInvoice(projectId: number) {
    return this.db.project.findUnique({
      where: { id: projectId },
      select: {
        id: true,
        name: true,
        client: true,
        clientRef: {
          select: { id: true, name: true, email: true, address: true },
        },
      },
    });
  }

  async insert(data: Prisma.InvoiceUncheckedCreateInput): Promise<number> {
    return (await this.db.invoice.create({ data, select: { id: true } })).id;
  }

  /** Locks the invoice row until the transaction ends: status changes and line edits take turns. */
  async lock(id: number): Promise<LockedInvoice | null> {
    // Raw SQL: Prisma has no row locks (SELECT … FOR UPDATE).
    const [row] = await this.db.$queryRaw<
      { id: number; invoice_number: string; status: string; project_id: number | null; tax_rate: string }[]
    >`SELECT id, invoice_number, status, project_id, tax_rate::text AS tax_rate FROM invoices WHERE id = ${id} FOR UPDATE`;
    return row
      ? {
          id: row.id,
          invoiceNumber: row.invoice_number,
          status: row.status,
          projectId: row.project_id,
          taxRate: row.tax_rate,
        }
      : null;
  }

  findById(id: number): Promise<InvoiceRow | null> {
    return this.db.invoice.findUnique({ where: { id }, select: INVOICE_SELECT });
  }

  /** One page of the list; `today` (settings.timezone) decides which sent invoices are overdue. */
  async list(
    filter: InvoiceListFilter,
    today: string,
    order: { field: InvoiceSortField; desc: boolean },
    skip: number,
    take: number,
  ) {
    const where = listWhere(filter, toDateColumn(today));
    const dir = order.desc ? 'desc' : 'asc';
    const orderBy: Prisma.InvoiceOrderByWithRelationInput[] = [{ [SORTS[order.field]]: dir }, { id: dir }];
    const [items, total] = await Promise.all([
      this.db.invoice.findMany({ where, orderBy, skip, take, select: INVOICE_SUMMARY_SELECT }),
      this.db.invoice.count({ where }),
    ]);
    return { items, total };
  }

  async update(id: number, data: Prisma.InvoiceUncheckedUpdateInput): Promise<void> {
    await this.db.invoice.update({ where: { id }, data, select: { id: true } });
  }

  async delete(id: number): Promise<void> {
    await this.db.invoice.delete({ where: { id } });
  }

  /**
   * The project's unbilled, billable, finished entries that match, locked until the
   * transaction ends. Another transaction billing the same entries waits here and then, as
   * PostgreSQL re-checks the WHERE on the updated rows, no longer sees the ones billed meanwhile.
   * Locked in start-time order, the same in every transaction, so two never deadlock.
   */
  async lockUnbilledEntries(
    projectId: number,
    criteria: EntryCriteria,
    timeZone: string,
  ): Promise<BillableEntry[]> {
    const c: Prisma.Sql[] = [
      Prisma.sql`te.project_id = ${projectId}`,
      Prisma.sql`te.billable`,
      Prisma.sql`te.end_time IS NOT NULL`,
      Prisma.sql`te.invoice_item_id IS NULL`,
    ];
    if (criteria.from) c.push(Prisma.sql`te.start_time >= ${criteria.from}::timestamptz`);
    if (criteria.to) c.push(Prisma.sql`te.start_time < ${criteria.to}::timestamptz`);
    if (criteria.entryIds) c.push(Prisma.sql`te.id = ANY(${criteria.entryIds}::int[])`);
    // Raw SQL: row locks (FOR UPDATE) and the local day in settings.timezone.
    const rows = await this.db.$queryRaw<
      {
        id: number;
        task_id: number | null;
        task_name: string | null;
        day: string;
        seconds: number;
        notes: string | null;
        rate: string | null;
      }[]
    >`
      SELECT te.id, te.task_id, t.name AS task_name, rt.billable_rate::text AS rate,
             to_char(te.start_time AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
             ${FINISHED_SECONDS_SQL} AS seconds,
             te.notes
        FROM time_entries te
        LEFT JOIN tasks t ON t.id = te.task_id
        LEFT JOIN projects p ON p.id = te.project_id
        ${entryRatesJoin()}
       WHERE ${Prisma.join(c, ' AND ')}
       ORDER BY te.start_time, te.id
         FOR UPDATE OF te`;
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      taskName: r.task_name,
      day: r.day,
      seconds: r.seconds,
      notes: r.notes,
      rate: r.rate,
    }));
  }

  /**
   * The invoice's lines made from time with their entries' seconds (counted as
   * lockUnbilledEntries counts them), the entries locked until the transaction ends so that
   * none changes between this check and the caller's commit.
   */
  async timeLinesWithEntries(invoiceId: number): Promise<TimeLineCheck[]> {
    // Raw SQL: row locks (FOR SHARE) and a sum per line in one statement.
    const rows = await this.db.$queryRaw<
      {
        item_id: number;
        description: string;
        quantity: string;
        unit_price: string;
        seconds: bigint;
        entry_ids: number[];
      }[]
    >`
      WITH e AS (
        SELECT te.id, te.invoice_item_id,
               ${FINISHED_SECONDS_SQL} AS seconds
          FROM time_entries te
          JOIN invoice_items ii ON ii.id = te.invoice_item_id
         WHERE ii.invoice_id = ${invoiceId}
         ORDER BY te.id
           FOR SHARE OF te)
      SELECT ii.id AS item_id, ii.description, ii.quantity::text AS quantity, ii.unit_price::text AS unit_price,
             sum(e.seconds)::bigint AS seconds, array_agg(e.id ORDER BY e.id) AS entry_ids
        FROM invoice_items ii JOIN e ON e.invoice_item_id = ii.id
       GROUP BY ii.id
       ORDER BY ii.id`;
    return rows.map((r) => ({
      itemId: r.item_id,
      description: r.description,
      quantity: r.quantity,
      unitPrice: r.unit_price,
      seconds: Number(r.seconds),
      entryIds: r.entry_ids,
    }));
  }

  /** Why chosen entries cannot be billed: the ones that exist, with what stands in the way. */
  entriesByIds(ids: number[]) {
    return this.db.timeEntry.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        projectId: true,
        billable: true,
        endTime: true,
        invoiceItem: { select: { invoice: { select: { invoiceNumber: true } } } },
      },
    });
  }

  async insertItem(invoiceId: number, item: NewItem): Promise<number> {
    return (await this.db.invoiceItem.create({ data: { invoiceId, ...item }, select: { id: true } })).id;
  }

  /**
   * Links each entry to its line, only while it is still unbilled; returns how many were
   * linked (fewer than asked means another invoice got there first: the caller rolls back).
   */
  async linkEntries(entryIds: number[], itemIds: number[]): Promise<number> {
    // An invoice may bill any number of entries (this runs in the generation's transaction).
    await this.db.$queryRaw(BULK_WRITE_SQL);
    // Raw SQL: one UPDATE for many (entry, line) pairs, guarded by invoice_item_id IS NULL.
    return this.db.$executeRaw`
      UPDATE time_entries te
         SET invoice_item_id = v.item_id
        FROM unnest(${entryIds}::int[], ${itemIds}::int[]) AS v(entry_id, item_id)
       WHERE te.id = v.entry_id AND te.invoice_item_id IS NULL`;
  }

  /** Deletes the lines made from time; their entries are released by ON DELETE SET NULL. */
  async deleteTimeLines(invoiceId: number): Promise<void> {
    await this.db.invoiceItem.deleteMany({ where: { invoiceId, timeEntries: { some: {} } } });
  }

  /** Unlinks every entry billed on the invoice; the lines themselves stay as they were. */
  async releaseEntries(invoiceId: number): Promise<number> {
    // Any number of entries (this runs in the cancellation's transaction).
    await this.db.$queryRaw(BULK_WRITE_SQL);
    return this.db.timeEntry
      .updateMany({ where: { invoiceItem: { invoiceId } }, data: { invoiceItemId: null } })
      .then((r) => r.count);
  }

  findItem(invoiceId: number, itemId: number) {
    return this.db.invoiceItem.findFirst({
      where: { id: itemId, invoiceId },
      select: {
        id: true,
        description: true,
        quantity: true,
        unitPrice: true,
        // One is enough to tell a line made from time from a typed-in one.
        timeEntries: { select: { id: true }, take: 1 },
      },
    });
  }

  /** The seconds of the entries billed on a line, or null when it is not a line made from time. */
  async linkedSeconds(itemId: number): Promise<bigint | null> {
    // Raw SQL: the seconds as lockUnbilledEntries counts them, summed.
    const [row] = await this.db.$queryRaw<{ seconds: bigint | null }[]>`
      SELECT sum(${FINISHED_SECONDS_SQL})::bigint AS seconds
        FROM time_entries te
       WHERE te.invoice_item_id = ${itemId}`;
    return row?.seconds ?? null;
  }

  async updateItem(itemId: number, data: Partial<NewItem>): Promise<void> {
    await this.db.invoiceItem.update({ where: { id: itemId }, data, select: { id: true } });
  }

  /** Deletes a line; entries billed on it are released (ON DELETE SET NULL). */
  async deleteItem(itemId: number): Promise<void> {
    await this.db.invoiceItem.delete({ where: { id: itemId } });
  }

  async items(invoiceId: number): Promise<NewItem[]> {
    const rows = await this.db.invoiceItem.findMany({
      where: { invoiceId },
      orderBy: { id: 'asc' },
      select: { description: true, quantity: true, unitPrice: true, totalAmount: true },
    });
    return rows.map((r) => ({
      description: r.description,
      quantity: formatQuantity(r.quantity.toFixed()),
      unitPrice: r.unitPrice.toFixed(2),
      totalAmount: r.totalAmount.toFixed(2),
    }));
  }

  async copyItems(invoiceId: number, items: NewItem[]): Promise<void> {
    await this.db.invoiceItem.createMany({ data: items.map((i) => ({ invoiceId, ...i })) });
  }
}
