import type {
  WebhookCreate,
  WebhookCreatedResponse,
  WebhookDeliveryListQuery,
  WebhookDeliveryPage,
  WebhookDeliveryResponse,
  WebhookEventTypeListResponse,
  WebhookListResponse,
  WebhookResponse,
  WebhookUpdate,
} from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { SecretBox } from '../two-factor/totp';
import { checkWebhookUrl, WebhookUrlError } from './webhook-address';
import { WEBHOOK_EVENT_DESCRIPTIONS } from './webhook-events';
import { newWebhookSecret } from './webhook-signature';
import type { WebhookDeliveryRow, WebhookRow, WebhooksRepository } from './webhooks.repository';

export interface WebhooksOptions {
  /** WEBHOOK_ALLOW_PRIVATE: URLs to private and loopback addresses accepted. */
  allowPrivate: boolean;
  /** Seals secrets at rest (TWO_FACTOR_KEY); undefined = stored as they are. */
  secretKey?: Buffer;
}

/** Admins subscribe URLs to events (docs/webhooks.md); the worker delivers them. */
export class WebhooksService {
  private readonly box: SecretBox;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly options: WebhooksOptions,
  ) {
    this.box = new SecretBox(options.secretKey);
  }

  eventTypes(actor: Principal, payloadSchema: Record<string, unknown>): WebhookEventTypeListResponse {
    authorize(actor, 'webhooks.manage');
    return {
      items: Object.entries(WEBHOOK_EVENT_DESCRIPTIONS).map(([type, description]) => ({
        type: type as WebhookResponse['events'][number],
        description,
      })),
      payload: payloadSchema,
    };
  }

  async list(actor: Principal): Promise<WebhookListResponse> {
    authorize(actor, 'webhooks.manage');
    return { items: (await this.webhooks.list()).map(view) };
  }

  async get(actor: Principal, id: number): Promise<WebhookResponse> {
    authorize(actor, 'webhooks.manage');
    return view(await this.found(id));
  }

  /** The secret is in this answer only; afterwards it is never shown again. */
  async create(actor: Principal, input: WebhookCreate): Promise<WebhookCreatedResponse> {
    authorize(actor, 'webhooks.manage');
    const url = this.checkedUrl(input.url);
    const secret = newWebhookSecret();
    const row = await this.webhooks.create({
      url,
      description: input.description,
      events: unique(input.events),
      secret: this.box.seal(secret),
      createdById: actor.userId,
    });
    return { ...view(row), secret };
  }

  async update(actor: Principal, id: number, input: WebhookUpdate): Promise<WebhookResponse> {
    authorize(actor, 'webhooks.manage');
    const row = await this.webhooks.update(id, {
      ...(input.url !== undefined ? { url: this.checkedUrl(input.url) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.events !== undefined ? { events: unique(input.events) } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    });
    if (!row) throw DomainError.notFound('Webhook');
    return view(row);
  }

  /** Its delivery log goes with it. */
  async remove(actor: Principal, id: number): Promise<void> {
    authorize(actor, 'webhooks.manage');
    if (!(await this.webhooks.remove(id))) throw DomainError.notFound('Webhook');
  }

  async deliveries(
    actor: Principal,
    id: number,
    query: WebhookDeliveryListQuery,
  ): Promise<WebhookDeliveryPage> {
    authorize(actor, 'webhooks.manage');
    await this.found(id);
    const skip = (query.page - 1) * query.pageSize;
    const { items, total } = await this.webhooks.deliveries(id, query.status, skip, query.pageSize);
    return { items: items.map(deliveryView), total, page: query.page, pageSize: query.pageSize };
  }

  async redeliver(actor: Principal, id: number, deliveryId: number): Promise<WebhookDeliveryResponse> {
    authorize(actor, 'webhooks.manage');
    const row = await this.webhooks.redeliver(id, deliveryId);
    if (!row) throw DomainError.notFound('Webhook delivery');
    return deliveryView(row);
  }

  /** Queues a `webhook.test` event for this subscription (sent even while it is disabled). */
  async test(actor: Principal, id: number): Promise<WebhookDeliveryResponse> {
    authorize(actor, 'webhooks.manage');
    await this.found(id);
    return deliveryView(await this.webhooks.test(id, `A test from ${actor.username}`));
  }

  private async found(id: number): Promise<WebhookRow> {
    const row = await this.webhooks.byId(id);
    if (!row) throw DomainError.notFound('Webhook');
    return row;
  }

  private checkedUrl(raw: string): string {
    try {
      return checkWebhookUrl(raw, this.options.allowPrivate).toString();
    } catch (err) {
      if (!(err instanceof WebhookUrlError)) throw err;
      throw DomainError.validation(`The URL is refused: ${err.message}`, [
        { path: 'url', message: err.message },
      ]);
    }
  }
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

function view(row: WebhookRow): WebhookResponse {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookResponse['events'],
    enabled: row.enabled,
    failingSince: row.failingSince?.toISOString() ?? null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function deliveryView(row: WebhookDeliveryRow): WebhookDeliveryResponse {
  return {
    ...row,
    status: row.status as WebhookDeliveryResponse['status'],
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
