import type { Prisma, PrismaClient } from '@timetracker/db';
import type { AuditEntity } from './audit-log.repository';

export interface AuditFilter {
  entity?: AuditEntity;
  entityId?: number;
  actorId?: number;
  action?: string;
  from?: Date;
  to?: Date;
}

export interface AuditEventRow {
  id: number;
  at: Date;
  actorId: number | null;
  actorUsername: string | null;
  via: string;
  entity: string;
  entityId: number | null;
  action: string;
  before: unknown;
  after: unknown;
}

/** Reads of the audit log (writes go through AuditLog, in the changes' transactions). */
export class AuditRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Newest first; served by idx_audit_events_entity, _actor or _at depending on the filter. */
  async page(
    filter: AuditFilter,
    skip: number,
    take: number,
  ): Promise<{ items: AuditEventRow[]; total: number }> {
    const where: Prisma.AuditEventWhereInput = {
      entity: filter.entity,
      entityId: filter.entityId,
      actorId: filter.actorId,
      action: filter.action,
      at: { gte: filter.from, lt: filter.to },
    };
    const [rows, total] = await this.db.$transaction([
      this.db.auditEvent.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip, take }),
      this.db.auditEvent.count({ where }),
    ]);
    return { items: rows.map(toRow), total };
  }

  /** Every event of one record, oldest first. */
  async history(entity: AuditEntity, entityId: number): Promise<AuditEventRow[]> {
    const rows = await this.db.auditEvent.findMany({
      where: { entity, entityId },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toRow);
  }
}

function toRow(r: {
  id: bigint;
  at: Date;
  actorId: number | null;
  actorUsername: string | null;
  via: string;
  entity: string;
  entityId: number | null;
  action: string;
  before: unknown;
  after: unknown;
}): AuditEventRow {
  // ids stay far below 2^53: a bigint column only so that it never runs out.
  return { ...r, id: Number(r.id) };
}
