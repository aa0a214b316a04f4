import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { RateKind } from './rate-sql';
import type { RateKeys, RateLevel, RateListFilter, RateRow, RatesRepository } from './rates.repository';

export interface RateView {
  id: number;
  kind: RateKind;
  level: RateLevel;
  clientId: number | null;
  projectId: number | null;
  userId: number | null;
  /** The company day (settings.timezone) from which it applies, YYYY-MM-DD. */
  effectiveFrom: string;
  amount: string;
  createdAt: string;
}

export interface RateInput {
  kind: RateKind;
  clientId?: number | null;
  projectId?: number | null;
  userId?: number | null;
  /** Omitted: today in settings.timezone. */
  effectiveFrom?: string;
  amount: string;
}

/** The level a set of keys names, or undefined when no level has those keys. */
export function levelOf(keys: RateKeys): RateLevel | undefined {
  const { clientId, projectId, userId } = keys;
  if (clientId !== null) return projectId === null && userId === null ? 'client' : undefined;
  if (projectId !== null) return userId !== null ? 'member' : 'project';
  return userId !== null ? 'user' : undefined;
}

export function toRateView(row: RateRow): RateView {
  return {
    id: row.id,
    kind: row.kind === 'cost' ? 'cost' : 'billable',
    level: levelOf(row) ?? 'client',
    clientId: row.clientId,
    projectId: row.projectId,
    userId: row.userId,
    effectiveFrom: row.effectiveFrom.toISOString().slice(0, 10),
    amount: row.amount.toFixed(2),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Billable and cost rates with their effective dates. Admins and accountants read them, admins
 * change them. Which rate an entry gets is decided in SQL by rate-sql.ts, not here.
 */
export class RatesService {
  constructor(private readonly rates: RatesRepository) {}

  async list(actor: Principal, filter: RateListFilter, page: { page: number; pageSize: number }) {
    authorize(actor, 'rates.see');
    const { items, total } = await this.rates.list(filter, (page.page - 1) * page.pageSize, page.pageSize);
    return { items: items.map(toRateView), total, page: page.page, pageSize: page.pageSize };
  }

  async create(actor: Principal, input: RateInput): Promise<RateView> {
    authorize(actor, 'rates.change');
    const keys: RateKeys = {
      clientId: input.clientId ?? null,
      projectId: input.projectId ?? null,
      userId: input.userId ?? null,
    };
    if (!levelOf(keys)) {
      throw DomainError.validation('A rate is for a client, a project, a user, or a project and a user', [
        { path: 'clientId', message: 'give a client alone, or a project and/or a user' },
      ]);
    }
    const exists = await this.rates.keysExist(keys);
    const missing = (Object.keys(exists) as (keyof typeof exists)[]).filter((k) => !exists[k]);
    if (missing.length) {
      throw DomainError.validation(
        'No such client, project or user',
        missing.map((path) => ({ path, message: 'no such record' })),
      );
    }
    const from = input.effectiveFrom ?? (await this.rates.companyToday());
    return toRateView(await this.rates.create(input.kind, keys, from, input.amount, actor));
  }

  async delete(actor: Principal, id: number): Promise<void> {
    authorize(actor, 'rates.change');
    if (!(await this.rates.delete(id, actor))) throw DomainError.notFound('Rate');
  }
}
