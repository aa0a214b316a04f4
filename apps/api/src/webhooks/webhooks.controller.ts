import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { WebhookPayloadResponseSchema } from '@timetracker/contracts';
import type { Principal, WebhooksService } from '@timetracker/core';
import { z } from 'zod';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { ZodResponse } from '../platform/zod-response';
import {
  WebhookCreateDto,
  WebhookCreatedResponseDto,
  WebhookDeliveryListQueryDto,
  WebhookDeliveryPageDto,
  WebhookDeliveryParamDto,
  WebhookDeliveryResponseDto,
  WebhookEmptyDto,
  WebhookEventTypeListResponseDto,
  WebhookIdParamDto,
  WebhookListResponseDto,
  WebhookPayloadResponseDto,
  WebhookResponseDto,
  WebhookUpdateDto,
} from './webhooks.dto';
import { WEBHOOKS_SERVICE } from './webhooks.tokens';

const PAYLOAD_JSON_SCHEMA = z.toJSONSchema(WebhookPayloadResponseSchema, {
  target: 'draft-7',
  io: 'output',
}) as Record<string, unknown>;

/** Webhook subscriptions and their delivery log (docs/webhooks.md): admins only. */
@ApiTags('webhooks')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiExtraModels(WebhookPayloadResponseDto)
@ApiProblems(400, 401, 403)
@Requires('webhooks.manage')
@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(WEBHOOKS_SERVICE) private readonly webhooks: WebhooksService) {}

  /** The event types a subscription can ask for, and the JSON schema of the body sent (WebhookPayloadResponseDto). */
  @Get('event-types')
  @ZodResponse({ type: WebhookEventTypeListResponseDto })
  eventTypes(@CurrentUser() actor: Principal) {
    return this.webhooks.eventTypes(actor, PAYLOAD_JSON_SCHEMA);
  }

  @Get()
  @ZodResponse({ type: WebhookListResponseDto })
  list(@CurrentUser() actor: Principal) {
    return this.webhooks.list(actor);
  }

  /** The answer holds the signing secret: the only time it is shown. */
  @Post()
  @ZodResponse({ status: 201, type: WebhookCreatedResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: WebhookCreateDto) {
    return this.webhooks.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: WebhookResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: WebhookIdParamDto) {
    return this.webhooks.get(actor, params.id);
  }

  /** `enabled: true` turns a disabled subscription back on (its failure streak starts afresh). */
  @Patch(':id')
  @ApiProblems(404)
  @ZodResponse({ type: WebhookResponseDto })
  update(
    @CurrentUser() actor: Principal,
    @Param() params: WebhookIdParamDto,
    @Body() body: WebhookUpdateDto,
  ) {
    return this.webhooks.update(actor, params.id, body);
  }

  /** Deletes the subscription and its delivery log. */
  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(404)
  async remove(@CurrentUser() actor: Principal, @Param() params: WebhookIdParamDto) {
    await this.webhooks.remove(actor, params.id);
  }

  /** Newest first. */
  @Get(':id/deliveries')
  @ApiProblems(404)
  @ZodResponse({ type: WebhookDeliveryPageDto })
  deliveries(
    @CurrentUser() actor: Principal,
    @Param() params: WebhookIdParamDto,
    @Query() query: WebhookDeliveryListQueryDto,
  ) {
    return this.webhooks.deliveries(actor, params.id, query);
  }

  /** Sends the delivery's event again (same event id and body) as a new delivery. */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @ApiProblems(404)
  @ZodResponse({ status: 202, type: WebhookDeliveryResponseDto })
  redeliver(
    @CurrentUser() actor: Principal,
    @Param() params: WebhookDeliveryParamDto,
    @Body() _body: WebhookEmptyDto,
  ) {
    return this.webhooks.redeliver(actor, params.id, params.deliveryId);
  }

  /** Queues a `webhook.test` event for this subscription; a worker sends it within seconds. */
  @Post(':id/test')
  @ApiProblems(404)
  @ZodResponse({ status: 202, type: WebhookDeliveryResponseDto })
  test(@CurrentUser() actor: Principal, @Param() params: WebhookIdParamDto, @Body() _body: WebhookEmptyDto) {
    return this.webhooks.test(actor, params.id);
  }
}
