import {
  WebhookCreatedResponseSchema,
  WebhookCreateSchema,
  WebhookDeliveryListQuerySchema,
  WebhookDeliveryPageSchema,
  WebhookDeliveryParamSchema,
  WebhookDeliveryResponseSchema,
  WebhookEmptySchema,
  WebhookEventTypeListResponseSchema,
  WebhookIdParamSchema,
  WebhookListResponseSchema,
  WebhookPayloadResponseSchema,
  WebhookResponseSchema,
  WebhookUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class WebhookCreateDto extends createZodDto(WebhookCreateSchema) {}
export class WebhookUpdateDto extends createZodDto(WebhookUpdateSchema) {}
export class WebhookResponseDto extends createZodDto(WebhookResponseSchema) {}
export class WebhookCreatedResponseDto extends createZodDto(WebhookCreatedResponseSchema) {}
export class WebhookListResponseDto extends createZodDto(WebhookListResponseSchema) {}
export class WebhookIdParamDto extends createZodDto(WebhookIdParamSchema) {}
export class WebhookDeliveryParamDto extends createZodDto(WebhookDeliveryParamSchema) {}
export class WebhookDeliveryListQueryDto extends createZodDto(WebhookDeliveryListQuerySchema) {}
export class WebhookDeliveryPageDto extends createZodDto(WebhookDeliveryPageSchema) {}
export class WebhookDeliveryResponseDto extends createZodDto(WebhookDeliveryResponseSchema) {}
export class WebhookEmptyDto extends createZodDto(WebhookEmptySchema) {}
export class WebhookEventTypeListResponseDto extends createZodDto(WebhookEventTypeListResponseSchema) {}
/**
 * The body of every delivery: a component of the OpenAPI document (`WebhookPayloadResponseDto`). A union,
 * which a class cannot extend as its instance type; only its schema is used (never instantiated).
 */
const WebhookPayloadBase = createZodDto(WebhookPayloadResponseSchema as never) as unknown as new () => object;
export class WebhookPayloadResponseDto extends WebhookPayloadBase {}
