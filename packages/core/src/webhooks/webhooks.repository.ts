import { type Prisma, type PrismaClient } from '@timetracker/db';

export interface WebhookRow {
  id: number;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryRow {
  id: number;
  subscriptionId: number;
  eventId: number;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  responseStatus: number | null;
  durationMs: number | null;
  responseExcerpt: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const SUBSCRIPTION = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  failingSince: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The admins' side of webhooks: subscriptions, their delivery log, redeliveries and tests. */
export class WebhooksRepository {
  constructor(private readonly db: PrismaClient) {}

  list(): Promise<WebhookRow[]> {
    return this.db.webhookSubscription.findMany({ select: SUBSCRIPTION, orderBy: { id: 'asc' } });
  }

  byId(id: number): Promise<WebhookRow | null> {
    return this.db.webhookSubscription.findUnique({ where: { id }, select: SUBSCRIPTION });
  }

  create(input: {
    url: string;
    description: string;
    events: string[];
    secret: string;
    createdById: number;
  }): Promise<WebhookRow> {
    return this.db.webhookSubscription.create({ data: input, select: SUBSCRIPTION });
  }

  /** Enabling again starts afresh: no streak, no reason. */
  async update(
    id: number,
    patch: { url?: string; description?: string; events?: string[]; enabled?: boolean },
  ): Promise<WebhookRow | null> {
    const reEnable =
      patch.enabled === true ? { failingSince: null, disabledAt: null, disabledReason: null } : {};
    const disable = patch.enabled === false ? { disabledReason: null } : {};
    const rows = await this.db.webhookSubscription.updateMany({
      where: { id },
      data: { ...patch, ...reEnable, ...disable },
    });
    return rows.count === 0 ? null : this.byId(id);
  }

  async remove(id: number): Promise<boolean> {
    return (await this.db.webhookSubscription.deleteMany({ where: { id } })).count === 1;
  }

  async deliveries(
    subscriptionId: number,
    status: string | undefined,
    skip: number,
    take: number,
  ): Promise<{ items: WebhookDeliveryRow[]; total: number }> {
    const where: Prisma.WebhookDeliveryWhereInput = { subscriptionId, status };
    const [rows, total] = await this.db.$transaction([
      this.db.webhookDelivery.findMany({
        where,
        orderBy: { id: 'desc' },
        skip,
        take,
        include: { event: { select: { type: true } } },
      }),
      this.db.webhookDelivery.count({ where }),
    ]);
    return {
      items: rows.map(({ event, orderKey: _o, lockedUntil: _l, updatedAt: _u, ...r }) => ({
        ...r,
        eventType: event.type,
      })),
      total,
    };
  }

  /**
   * Sends the delivery's event again as a new delivery (same event id and body), after every
   * unfinished delivery of the same record: the log keeps the first one as it ended.
   */
  async redeliver(subscriptionId: number, deliveryId: number): Promise<WebhookDeliveryRow | null> {
    const old = await this.db.webhookDelivery.findFirst({ where: { id: deliveryId, subscriptionId } });
    if (!old) return null;
    const row = await this.db.webhookDelivery.create({
      data: { subscriptionId, eventId: old.eventId, orderKey: old.orderKey },
    });
    return this.delivery(row.id);
  }

  /** A `webhook.test` event for this subscription alone, sent by the worker like any other. */
  async test(subscriptionId: number, message: string): Promise<WebhookDeliveryRow> {
    const id = await this.db.$transaction(async (tx) => {
      const event = await tx.webhookEvent.create({
        data: {
          type: 'webhook.test',
          entity: 'webhook',
          entityId: subscriptionId,
          data: { subscriptionId, message },
        },
      });
      const row = await tx.webhookDelivery.create({
        data: { subscriptionId, eventId: event.id, orderKey: `webhook.test:${event.id}` },
      });
      return row.id;
    });
    return (await this.delivery(id))!;
  }

  private async delivery(id: number): Promise<WebhookDeliveryRow | null> {
    const row = await this.db.webhookDelivery.findUnique({
      where: { id },
      include: { event: { select: { type: true } } },
    });
    if (!row) return null;
    const { event, orderKey: _o, lockedUntil: _l, updatedAt: _u, ...r } = row;
    return { ...r, eventType: event.type };
  }
}
