import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import type { AuditEntity } from './audit-log.repository';
import type { AuditEventRow, AuditFilter, AuditRepository } from './audit.repository';

export interface AuditEventView {
  id: number;
  at: string;
  actorId: number | null;
  actorUsername: string | null;
  via: 'session' | 'token' | 'system';
  entity: AuditEntity;
  entityId: number | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const toView = (r: AuditEventRow): AuditEventView => ({
  ...r,
  at: r.at.toISOString(),
  via: r.via as AuditEventView['via'],
  entity: r.entity as AuditEntity,
  before: (r.before ?? null) as Record<string, unknown> | null,
  after: (r.after ?? null) as Record<string, unknown> | null,
});

/** The audit log as admins read it (issue #18 §4): never changed, only read. */
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(
    actor: Principal,
    filter: Omit<AuditFilter, 'from' | 'to'> & { from?: string; to?: string },
    page: { page: number; pageSize: number },
  ) {
    authorize(actor, 'audit.read');
    const { items, total } = await this.audit.page(
      {
        ...filter,
        from: filter.from ? new Date(filter.from) : undefined,
        to: filter.to ? new Date(filter.to) : undefined,
      },
      (page.page - 1) * page.pageSize,
      page.pageSize,
    );
    return { items: items.map(toView), total, page: page.page, pageSize: page.pageSize };
  }

  /** A record's whole history, oldest first; also of one deleted since (its events remain). */
  async history(actor: Principal, entity: AuditEntity, entityId: number) {
    authorize(actor, 'audit.read');
    return { items: (await this.audit.history(entity, entityId)).map(toView) };
  }
}
