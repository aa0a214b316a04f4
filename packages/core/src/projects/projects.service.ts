import { authorize, maySeeRatesReading } from '../access/policy';
import { projectScopeFor } from '../access/project-scope.repository';
import type { Principal } from '../auth/principal';
import type { ClientRow, ClientsRepository } from '../clients/clients.repository';
import { DomainError } from '../errors/domain-error';
import type { RoundingMode } from '../time/rounding';
import { rateInForce } from '../rates/rate-sql';
import type { RatesRepository } from '../rates/rates.repository';
import type { ProjectData, ProjectListFilter, ProjectRow, ProjectsRepository } from './projects.repository';

export type ProjectStatus = 'active' | 'archived';
export type ProjectVisibility = 'public' | 'private';

export interface ProjectView {
  id: number;
  name: string;
  clientId: number | null;
  clientName: string | null;
  description: string | null;
  billable: boolean;
  /**
   * The project's own billable rate in force today (settings.timezone); null = none of its own;
   * absent for whoever may not see rates.
   */
  hourlyRate?: string | null;
  /** Rounding of its entries' billed time; null = the client's or the settings' rule. */
  roundingMinutes: number | null;
  roundingMode: RoundingMode | null;
  billingRef: string | null;
  status: ProjectStatus;
  visibility: ProjectVisibility;
  memberIds: number[];
  teamIds: number[];
  createdAt: string | null;
  updatedAt: string | null;
}

/** Fields an admin sets; the status changes only through archive/activate. */
export interface ProjectInput {
  name?: string;
  clientId?: number | null;
  description?: string | null;
  billable?: boolean;
  /** Sets the project's billable rate from `hourlyRateFrom` (default today); null removes its own rates. */
  hourlyRate?: string | null;
  /** The company day from which `hourlyRate` applies, YYYY-MM-DD. */
  hourlyRateFrom?: string;
  roundingMinutes?: number | null;
  roundingMode?: RoundingMode | null;
  billingRef?: string | null;
  visibility?: ProjectVisibility;
  /** Replace the direct members / member teams (who may track on it when private). */
  memberIds?: number[];
  teamIds?: number[];
}

/** The project a time entry may be recorded on, as `assertAcceptsTime` confirms it. */
export interface ProjectForTimeView {
  id: number;
  name: string;
  billable: boolean;
  clientId: number | null;
}

/**
 * The one rule for new time on a project (entries, timers): INVALID_STATE when the project is
 * archived or its client is inactive. Whether an unknown project is a 404 or a 400 is the caller's.
 */
export function assertProjectAcceptsTime(project: {
  name: string;
  status: string;
  clientRef: { name: string; status: string } | null;
}): void {
  if (project.status !== 'active') {
    throw new DomainError('INVALID_STATE', `Project "${project.name}" is archived and accepts no new time`);
  }
  if (project.clientRef && project.clientRef.status !== 'active') {
    throw new DomainError(
      'INVALID_STATE',
      `Project "${project.name}" belongs to the inactive client "${project.clientRef.name}" and accepts no new time`,
    );
  }
}

/**
 * The project as the caller may see it: without its rate unless `showRates`. `today`: the
 * company's day (settings.timezone), which decides the rate in force.
 */
export function toProjectView(row: ProjectRow, today: string, showRates = true): ProjectView {
  const view: ProjectView = {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    clientName: row.clientRef?.name ?? null,
    description: row.description,
    billable: row.billable,
    hourlyRate: rateInForce(row.rates, today),
    roundingMinutes: row.roundingMinutes,
    roundingMode: (row.roundingMode as RoundingMode | null) ?? null,
    billingRef: row.billingRef,
    // Only "active" is active: any other stored value (adopted data) reads as archived.
    status: row.status === 'active' ? 'active' : 'archived',
    visibility: row.visibility === 'private' ? 'private' : 'public',
    memberIds: row.members.map((m) => m.userId),
    teamIds: row.teams.map((t) => t.teamId),
    createdAt: row.createdAt?.toISOString() ?? null,
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
  if (!showRates) delete view.hourlyRate;
  return view;
}

/** The same user or team listed twice means once. */
function distinctMembership<T extends ProjectInput>(input: T): T {
  return {
    ...input,
    ...(input.memberIds ? { memberIds: [...new Set(input.memberIds)] } : {}),
    ...(input.teamIds ? { teamIds: [...new Set(input.teamIds)] } : {}),
  };
}

const SORTS = {
  name: (dir: 'asc' | 'desc') => ({ name: dir }),
  createdAt: (dir: 'asc' | 'desc') => ({ createdAt: dir }),
  client: (dir: 'asc' | 'desc') => ({ clientRef: { name: dir } }),
} as const;

/** Projects: every signed-in user reads them, admins change them. */
export class ProjectsService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly clients: ClientsRepository,
    private readonly rates: RatesRepository,
  ) {}

  async list(
    actor: Principal,
    filter: ProjectListFilter,
    page: { page: number; pageSize: number; sort: string },
  ) {
    const dir = page.sort.startsWith('-') ? 'desc' : 'asc';
    const sortBy = SORTS[page.sort.replace(/^-/, '') as keyof typeof SORTS] ?? SORTS.name;
    const { items, total } = await this.projects.list(
      filter,
      {
        skip: (page.page - 1) * page.pageSize,
        take: page.pageSize,
        // Name then id break ties (several projects share a client), so pages never overlap.
        orderBy: [sortBy(dir), { name: 'asc' }, { id: 'asc' }],
      },
      projectScopeFor(actor),
    );
    const [today, showRates] = await Promise.all([this.rates.companyToday(), this.showsRates(actor)]);
    return {
      items: items.map((r) => toProjectView(r, today, showRates)),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** A private project the caller may not track on reads as absent. */
  async get(actor: Principal, id: number): Promise<ProjectView> {
    const row = await this.projects.findById(id, projectScopeFor(actor));
    if (!row) throw DomainError.notFound('Project');
    return toProjectView(row, await this.rates.companyToday(), await this.showsRates(actor));
  }

  async create(actor: Principal, input: ProjectInput & { name: string }): Promise<ProjectView> {
    authorize(actor, 'projects.change');
    const client = await this.resolveClient(input.clientId ?? null);
    await this.assertNameFree(input.name, client?.id ?? null);
    const { hourlyRate, hourlyRateFrom, memberIds, teamIds, ...data } = distinctMembership(input);
    await this.assertMembersExist(memberIds, teamIds);
    // A project without a rate of its own uses the member's, user's or client's (rate-sql.ts).
    const row = await this.projects.create(
      {
        ...data,
        clientId: client?.id ?? null,
        client: client?.name ?? null,
        status: 'active',
      },
      { memberIds, teamIds },
    );
    if (hourlyRate !== undefined && hourlyRate !== null) {
      await this.setRate(actor, row.id, hourlyRate, hourlyRateFrom);
      return this.view(await this.require(row.id));
    }
    return this.view(row);
  }

  async update(actor: Principal, id: number, input: ProjectInput): Promise<ProjectView> {
    authorize(actor, 'projects.change');
    const project = await this.require(id);
    const { hourlyRate, hourlyRateFrom, memberIds, teamIds, ...fields } = distinctMembership(input);
    await this.assertMembersExist(memberIds, teamIds);
    const data: ProjectData = { ...fields };
    let clientId = project.clientId;
    if (input.clientId !== undefined && input.clientId !== project.clientId) {
      const client = await this.resolveClient(input.clientId);
      clientId = client?.id ?? null;
      data.client = client?.name ?? null;
    }
    if (input.name !== undefined || clientId !== project.clientId) {
      await this.assertNameFree(input.name ?? project.name, clientId, id);
    }
    if (hourlyRate !== undefined) await this.setRate(actor, id, hourlyRate, hourlyRateFrom);
    return this.view(await this.projects.update(id, data, { memberIds, teamIds }));
  }

  /** Archived projects keep their time but accept no new entries. */
  async archive(actor: Principal, id: number): Promise<ProjectView> {
    return this.setStatus(actor, id, 'archived');
  }

  async activate(actor: Principal, id: number): Promise<ProjectView> {
    return this.setStatus(actor, id, 'active');
  }

  /**
   * Deletes a project nothing refers to. One with time entries, tasks or invoices is archived
   * instead (`deleted: false`): deleting it would cascade to them, and time is never lost.
   */
  async remove(actor: Principal, id: number): Promise<{ deleted: boolean; project: ProjectView }> {
    authorize(actor, 'projects.change');
    const project = await this.require(id);
    const outcome = await this.projects.deleteUnlessReferenced(id);
    if (outcome === 'missing') throw DomainError.notFound('Project');
    if (outcome === 'deleted') return { deleted: true, project: await this.view(project) };
    const archived = await this.projects.update(id, { status: 'archived' });
    return { deleted: false, project: await this.view(archived) };
  }

  /**
   * For services that record time: NOT_FOUND for an unknown project, INVALID_STATE for an
   * archived one or one whose client is inactive.
   */
  async assertAcceptsTime(projectId: number): Promise<ProjectForTimeView> {
    const project = await this.projects.findForTime(projectId);
    if (!project) throw DomainError.notFound('Project');
    assertProjectAcceptsTime(project);
    return { id: project.id, name: project.name, billable: project.billable, clientId: project.clientId };
  }

  private async setStatus(actor: Principal, id: number, status: ProjectStatus): Promise<ProjectView> {
    authorize(actor, 'projects.change');
    await this.require(id);
    return this.view(await this.projects.update(id, { status }));
  }

  private async view(row: ProjectRow): Promise<ProjectView> {
    return toProjectView(row, await this.rates.companyToday());
  }

  /**
   * The old single `hourlyRate` field, kept working over dated rates: a value is the project's
   * billable rate from `from` (default today); null removes the project's own rates.
   */
  private async setRate(actor: Principal, id: number, amount: string | null, from?: string): Promise<void> {
    const keys = { clientId: null, projectId: id, userId: null };
    if (amount === null) await this.rates.clear('billable', keys, actor);
    else await this.rates.set('billable', keys, from ?? (await this.rates.companyToday()), amount, actor);
  }

  /** rates.see, or settings.ratesVisibleToAll. */
  private showsRates(actor: Principal): Promise<boolean> {
    return maySeeRatesReading(actor, () => this.clients.ratesVisibleToAll());
  }

  private async assertMembersExist(memberIds: number[] = [], teamIds: number[] = []): Promise<void> {
    const found = await this.projects.existing(memberIds, teamIds);
    const errors = [
      ...memberIds
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !found.users.includes(id))
        .map(({ i }) => ({ path: `memberIds.${i}`, message: 'unknown user' })),
      ...teamIds
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !found.teams.includes(id))
        .map(({ i }) => ({ path: `teamIds.${i}`, message: 'unknown team' })),
    ];
    if (errors.length > 0) throw DomainError.validation('No such user or team', errors);
  }

  private async require(id: number): Promise<ProjectRow> {
    const project = await this.projects.findById(id);
    if (!project) throw DomainError.notFound('Project');
    return project;
  }

  /** A project's client must exist (400: the body names it) and be active (no new work for archived clients). */
  private async resolveClient(clientId: number | null): Promise<ClientRow | null> {
    if (clientId === null) return null;
    const client = await this.clients.findById(clientId);
    if (!client) {
      throw DomainError.validation(`Client ${clientId} does not exist`, [
        { path: 'clientId', message: `Client ${clientId} does not exist` },
      ]);
    }
    if (client.status !== 'active') {
      throw new DomainError('INVALID_STATE', `Client "${client.name}" is inactive: activate it first`);
    }
    return client;
  }

  private async assertNameFree(name: string, clientId: number | null, exceptId?: number): Promise<void> {
    const clash = await this.projects.findByName(name, clientId, exceptId);
    if (clash) {
      const where = clientId === null ? 'without a client' : 'for this client';
      throw new DomainError(
        'CONFLICT',
        `A project named "${clash.name}" already exists ${where} (id ${clash.id})`,
      );
    }
  }
}
