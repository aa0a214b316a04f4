import {
  WebhookCreatedSchema,
  WebhookCreateSchema,
  WebhookDeliveryListQuerySchema,
  WebhookDeliveryPageSchema,
  WebhookDeliveryParamSchema,
  WebhookDeliveryResponseSchema,
  WebhookEmptySchema,
  WebhookEventTypeListSchema,
  WebhookIdParamSchema,
  WebhookListSchema,
  WebhookPayloadSchema,
  WebhookResponseSchema,
  WebhookUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class WebhookCreateDto extends createZodDto(WebhookCreateSchema) {}
export class WebhookUpdateDto extends createZodDto(WebhookUpdateSchema) {}
export class WebhookResponseDto extends createZodDto(WebhookResponseSchema) {}
export class WebhookCreatedDto extends createZodDto(WebhookCreatedSchema) {}
export class WebhookListDto extends createZodDto(WebhookListSchema) {}
export class WebhookIdParamDto extends createZodDto(WebhookIdParamSchema) {}
export class WebhookDeliveryParamDto extends createZodDto(WebhookDeliveryParamSchema) {}
export class WebhookDeliveryListQueryDto extends createZodDto(WebhookDeliveryListQuerySchema) {}
export class WebhookDeliveryPageDto extends createZodDto(WebhookDeliveryPageSchema) {}
export class WebhookDeliveryResponseDto extends createZodDto(WebhookDeliveryResponseSchema) {}
export class WebhookEmptyDto extends createZodDto(WebhookEmptySchema) {}
export class WebhookEventTypeListDto extends createZodDto(WebhookEventTypeListSchema) {}
/**
 * The body of every delivery: a component of the OpenAPI document (`WebhookPayloadDto`). A union,
 * which a class cannot extend as its instance type; only its schema is used (never instantiated).
 */
const WebhookPayloadBase = createZodDto(WebhookPayloadSchema as never) as unknown as new () => object;
export class WebhookPayloadDto extends WebhookPayloadBase {}
