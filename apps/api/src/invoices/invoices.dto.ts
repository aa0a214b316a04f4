import {
  InvoiceCreateSchema,
  InvoiceCsvQuerySchema,
  InvoiceGenerateSchema,
  InvoiceIdParamSchema,
  InvoiceItemCreateSchema,
  InvoiceItemParamSchema,
  InvoiceItemUpdateSchema,
  InvoiceListQuerySchema,
  InvoicePageSchema,
  InvoiceResponseSchema,
  InvoiceUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class InvoiceListQueryDto extends createZodDto(InvoiceListQuerySchema) {}
export class InvoiceCreateDto extends createZodDto(InvoiceCreateSchema) {}
export class InvoiceUpdateDto extends createZodDto(InvoiceUpdateSchema) {}
export class InvoiceGenerateDto extends createZodDto(InvoiceGenerateSchema) {}
export class InvoiceItemCreateDto extends createZodDto(InvoiceItemCreateSchema) {}
export class InvoiceItemUpdateDto extends createZodDto(InvoiceItemUpdateSchema) {}
export class InvoiceIdParamDto extends createZodDto(InvoiceIdParamSchema) {}
export class InvoiceItemParamDto extends createZodDto(InvoiceItemParamSchema) {}
export class InvoiceResponseDto extends createZodDto(InvoiceResponseSchema) {}
export class InvoicePageDto extends createZodDto(InvoicePageSchema) {}
export class InvoiceCsvQueryDto extends createZodDto(InvoiceCsvQuerySchema) {}
