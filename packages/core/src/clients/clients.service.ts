import { authorize, maySeeRatesReading } from '../access/policy';
import { projectScopeFor } from '../access/project-scope.repository';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { rateInForce } from '../rates/rate-sql';
import type { RatesRepository } from '../rates/rates.repository';
import type { RoundingMode } from '../time/rounding';
import type { ClientData, ClientListFilter, ClientRow, ClientsRepository } from './clients.repository';

export type ClientStatus = 'active' | 'inactive';

export interface ClientView {
  id: number;
  name: string;
  description: string | null;
  contactPerson: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  /** The client's billable rate in force today (settings.timezone); absent for whoever may not see rates. */
  defaultHourlyRate?: string | null;
  /** Rounding of its entries' billed time; null = the settings' rule. */
  roundingMinutes: number | null;
  roundingMode: RoundingMode | null;
  status: ClientStatus;
  projectCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Fields an admin sets on a client; the status changes only through archive/activate. */
export type ClientInput = Omit<ClientData, 'status' | 'roundingMode'> & {
  roundingMode?: RoundingMode | null;
  /** Sets the client's billable rate from `defaultHourlyRateFrom` (default today); null removes its rates. */
  defaultHourlyRate?: string | null;
  defaultHourlyRateFrom?: string;
};

/**
 * The client as the caller may see it: without its rate unless `showRates`. `today`: the
 * company's day (settings.timezone), which decides the rate in force.
 */
export function toClientView(row: ClientRow, today: string, showRates = true): ClientView {
  const view: ClientView = {
    id: row.id,
    name: row.name,
    description: row.description,
    contactPerson: row.contactPerson,
    email: row.email,
    phone: row.phone,
    address: row.address,
    defaultHourlyRate: rateInForce(row.rates, today),
    roundingMinutes: row.roundingMinutes,
    roundingMode: (row.roundingMode as RoundingMode | null) ?? null,
    // Only "active" is active: any other stored value (adopted data) reads as inactive.
    status: row.status === 'active' ? 'active' : 'inactive',
    projectCount: row._count.projects,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
  if (!showRates) delete view.defaultHourlyRate;
  return view;
}

const SORTS = { name: 'name', createdAt: 'createdAt' } as const;

/** Clients: every signed-in user reads them, admins change them. */
export class ClientsService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly rates: RatesRepository,
  ) {}

  async list(
    actor: Principal,
    filter: ClientListFilter,
    page: { page: number; pageSize: number; sort: string },
  ) {
    const desc = page.sort.startsWith('-');
    const field = SORTS[page.sort.replace(/^-/, '') as keyof typeof SORTS] ?? 'name';
    const { items, total } = await this.clients.list(
      filter,
      {
        skip: (page.page - 1) * page.pageSize,
        take: page.pageSize,
        // The id breaks ties, so pages neither repeat nor skip rows.
        orderBy: [{ [field]: desc ? 'desc' : 'asc' }, { id: 'asc' }],
      },
      projectScopeFor(actor),
    );
    const [today, showRates] = await Promise.all([this.rates.companyToday(), this.showsRates(actor)]);
    return {
      items: items.map((r) => toClientView(r, today, showRates)),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** A client whose projects are all private and closed to the caller reads as absent. */
  async get(actor: Principal, id: number): Promise<ClientView> {
    const row = await this.clients.findById(id, projectScopeFor(actor));
    if (!row) throw DomainError.notFound('Client');
    return toClientView(row, await this.rates.companyToday(), await this.showsRates(actor));
  }

  /** rates.see, or settings.ratesVisibleToAll. */
  private showsRates(actor: Principal): Promise<boolean> {
    return maySeeRatesReading(actor, () => this.clients.ratesVisibleToAll());
  }

  async create(actor: Principal, input: ClientInput & { name: string }): Promise<ClientView> {
    authorize(actor, 'clients.change');
    await this.assertNameFree(input.name);
    const { defaultHourlyRate, defaultHourlyRateFrom, ...data } = input;
    const row = await this.clients.create({ ...data, status: 'active' });
    if (defaultHourlyRate === undefined || defaultHourlyRate === null) return this.view(row);
    await this.setRate(actor, row.id, defaultHourlyRate, defaultHourlyRateFrom);
    return this.view(await this.require(row.id));
  }

  async update(actor: Principal, id: number, input: ClientInput): Promise<ClientView> {
    authorize(actor, 'clients.change');
    await this.require(id);
    if (input.name !== undefined) await this.assertNameFree(input.name, id);
    const { defaultHourlyRate, defaultHourlyRateFrom, ...data } = input;
    if (defaultHourlyRate !== undefined)
      await this.setRate(actor, id, defaultHourlyRate, defaultHourlyRateFrom);
    return this.view(await this.clients.update(id, data));
  }

  /** Inactive clients keep their projects and time; their projects stop accepting new time. */
  async archive(actor: Principal, id: number): Promise<ClientView> {
    return this.setStatus(actor, id, 'inactive');
  }

  async activate(actor: Principal, id: number): Promise<ClientView> {
    return this.setStatus(actor, id, 'active');
  }

  /**
   * Deletes a client nobody refers to. One with projects (and so possibly tracked time) is
   * archived instead: `deleted: false`. Time is never lost through this endpoint.
   */
  async remove(actor: Principal, id: number): Promise<{ deleted: boolean; client: ClientView }> {
    authorize(actor, 'clients.change');
    const client = await this.require(id);
    const outcome = await this.clients.deleteUnlessReferenced(id);
    if (outcome === 'missing') throw DomainError.notFound('Client');
    if (outcome === 'deleted') return { deleted: true, client: await this.view(client) };
    const archived = await this.clients.update(id, { status: 'inactive' });
    return { deleted: false, client: await this.view(archived) };
  }

  private async setStatus(actor: Principal, id: number, status: ClientStatus): Promise<ClientView> {
    authorize(actor, 'clients.change');
    await this.require(id);
    return this.view(await this.clients.update(id, { status }));
  }

  private async view(row: ClientRow): Promise<ClientView> {
    return toClientView(row, await this.rates.companyToday());
  }

  /** The old single `defaultHourlyRate`, kept working over dated rates (see ProjectsService.setRate). */
  private async setRate(actor: Principal, id: number, amount: string | null, from?: string): Promise<void> {
    const keys = { clientId: id, projectId: null, userId: null };
    if (amount === null) await this.rates.clear('billable', keys, actor);
    else await this.rates.set('billable', keys, from ?? (await this.rates.companyToday()), amount, actor);
  }

  private async require(id: number): Promise<ClientRow> {
    const client = await this.clients.findById(id);
    if (!client) throw DomainError.notFound('Client');
    return client;
  }

  private async assertNameFree(name: string, exceptId?: number): Promise<void> {
    const clash = await this.clients.findByName(name, exceptId);
    if (clash) {
      throw new DomainError('CONFLICT', `A client named "${clash.name}" already exists (id ${clash.id})`);
    }
  }
}
