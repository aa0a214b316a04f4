import { Prisma, type DirectSql } from '@timetracker/db';
import type { Principal } from '../auth/principal';

/** What an audit event is about (audit_events.entity, a CHECK in the migration). */
export const AUDIT_ENTITIES = ['time_entry', 'rate', 'budget', 'approval', 'user', 'lock'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/**
 * Who made a change: a person through a session or an API token, or the system (the worker's
 * idle stop, the CLI) with no user.
 */
export interface AuditActor {
  userId: number | null;
  username: string | null;
  via: 'session' | 'token' | 'system';
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: null, via: 'system' };

export function auditActorOf(principal: Pick<Principal, 'userId' | 'username' | 'via'>): AuditActor {
  return { userId: principal.userId, username: principal.username, via: principal.via };
}

/**
 * One change. `before` is null for a create, `after` null for a delete; both hold only what a
 * person would call the record's content (no updated_at), as plain JSON.
 */
export interface AuditEventInput {
  entity: AuditEntity;
  entityId: number | null;
  /** create | update | delete, or a verb of the entity's own (stop, pause, resume, idle_stop, approve …). */
  action: string;
  actor: AuditActor | Principal;
  before: unknown;
  after: unknown;
}

/** A Prisma interactive transaction or a DirectDatabase transaction: either can record. */
export type AuditTx = DirectSql | Prisma.TransactionClient;

const actorOf = (a: AuditActor | Principal): AuditActor => ('role' in a ? auditActorOf(a) : a);

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * The one way into the audit log (issue #18 §4). Call it with the transaction that makes the
 * change, so that the change and its event commit or roll back together:
 *
 *   await AuditLog.record(tx, { entity: 'rate', entityId: rate.id, action: 'update',
 *                               actor, before: rateBefore, after: rateAfter });
 *
 * Rows are never changed or deleted (prisma/sql/008 refuses it).
 */
export const AuditLog = {
  async record(tx: AuditTx, event: AuditEventInput): Promise<void> {
    const insert = AuditLog.insertSql(event);
    if ('rows' in tx) await tx.rows(insert);
    else await tx.$executeRaw(insert);
  },

  /** The INSERT of one event, for a caller that folds it into a statement of its own (a CTE). */
  insertSql(event: AuditEventInput): Prisma.Sql {
    const actor = actorOf(event.actor);
    return Prisma.sql`
      INSERT INTO audit_events (actor_id, actor_username, via, entity, entity_id, action, before, after)
      VALUES (${actor.userId}, ${actor.username}, ${actor.via}, ${event.entity}, ${event.entityId},
              ${event.action}, ${json(event.before)}::jsonb, ${json(event.after)}::jsonb)`;
  },

  /**
   * The INSERT of one event per row of `rows`, whose `entityId`, `before` and `after` (jsonb)
   * columns say what changed: for statements that write many records at once (the idle stop).
   */
  insertFromSql(
    rows: Prisma.Sql,
    event: { entity: AuditEntity; action: string; actor: AuditActor | Principal },
  ): Prisma.Sql {
    const actor = actorOf(event.actor);
    return Prisma.sql`
      INSERT INTO audit_events (actor_id, actor_username, via, entity, entity_id, action, before, after)
      SELECT ${actor.userId}::int, ${actor.username}::varchar, ${actor.via}::varchar, ${event.entity}::varchar,
             r."entityId", ${event.action}::varchar, r.before, r.after
        FROM (${rows}) r`;
  },
};
