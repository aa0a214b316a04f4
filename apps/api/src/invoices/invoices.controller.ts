import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { InvoiceItemsService, InvoicesService, Principal } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import {
  InvoiceCreateDto,
  InvoiceGenerateDto,
  InvoiceIdParamDto,
  InvoiceItemCreateDto,
  InvoiceItemParamDto,
  InvoiceItemUpdateDto,
  InvoiceListQueryDto,
  InvoicePageDto,
  InvoiceResponseDto,
  InvoiceUpdateDto,
} from './invoices.dto';
import { INVOICE_ITEMS_SERVICE, INVOICES_SERVICE } from './invoices.tokens';

/**
 * Invoices, for admins only (they add up everyone's time and rates). Drafts change; sent,
 * paid and cancelled invoices do not, and entries on a sent or paid invoice are frozen.
 */
@ApiTags('invoices')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Requires('invoices.manage')
@Controller('invoices')
export class InvoicesController {
  constructor(
    @Inject(INVOICES_SERVICE) private readonly invoices: InvoicesService,
    @Inject(INVOICE_ITEMS_SERVICE) private readonly items: InvoiceItemsService,
  ) {}

  @Get()
  @ZodResponse({ type: InvoicePageDto })
  list(@CurrentUser() actor: Principal, @Query() query: InvoiceListQueryDto) {
    const { page, pageSize, sort, ...filter } = query;
    return this.invoices.list(actor, filter, { page, pageSize, sort });
  }

  /** A numbered draft; with `generate`, lines from time in the same transaction. */
  @Post()
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: InvoiceResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: InvoiceCreateDto) {
    return this.invoices.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: InvoiceResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto) {
    return this.invoices.get(actor, params.id);
  }

  @Patch(':id')
  @ApiProblems(404, 409)
  @ZodResponse({ type: InvoiceResponseDto })
  update(
    @CurrentUser() actor: Principal,
    @Param() params: InvoiceIdParamDto,
    @Body() body: InvoiceUpdateDto,
  ) {
    return this.invoices.update(actor, params.id, body);
  }

  /** Deletes the latest draft (releasing its entries); any other invoice is cancelled instead (409). */
  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(404, 409)
  async remove(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto) {
    await this.invoices.remove(actor, params.id);
  }

  /** Replaces the lines made from time with lines from the project's unbilled billable entries. */
  @Post(':id/generate')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 200, type: InvoiceResponseDto })
  generate(
    @CurrentUser() actor: Principal,
    @Param() params: InvoiceIdParamDto,
    @Body() body: InvoiceGenerateDto,
  ) {
    return this.items.generate(actor, params.id, body);
  }

  /** A manual line: description, quantity and unit price. */
  @Post(':id/items')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 201, type: InvoiceResponseDto })
  addItem(
    @CurrentUser() actor: Principal,
    @Param() params: InvoiceIdParamDto,
    @Body() body: InvoiceItemCreateDto,
  ) {
    return this.items.add(actor, params.id, body);
  }

  @Patch(':id/items/:itemId')
  @ApiProblems(404, 409)
  @ZodResponse({ type: InvoiceResponseDto })
  updateItem(
    @CurrentUser() actor: Principal,
    @Param() params: InvoiceItemParamDto,
    @Body() body: InvoiceItemUpdateDto,
  ) {
    return this.items.update(actor, params.id, params.itemId, body);
  }

  /** Removes a line; its entries (if any) are released. */
  @Delete(':id/items/:itemId')
  @ApiProblems(404, 409)
  @ZodResponse({ type: InvoiceResponseDto })
  removeItem(@CurrentUser() actor: Principal, @Param() params: InvoiceItemParamDto) {
    return this.items.remove(actor, params.id, params.itemId);
  }

  /** draft → sent. From then on the invoice and its entries cannot change. */
  @Post(':id/send')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 200, type: InvoiceResponseDto })
  send(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto) {
    return this.invoices.send(actor, params.id);
  }

  /** sent or overdue → paid. */
  @Post(':id/mark-paid')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 200, type: InvoiceResponseDto })
  markPaid(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto) {
    return this.invoices.markPaid(actor, params.id);
  }

  /** draft, sent or overdue → cancelled; its entries are released to be billed again. */
  @Post(':id/cancel')
  @ApiProblems(404, 409)
  @ZodResponse({ status: 200, type: InvoiceResponseDto })
  cancel(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto) {
    return this.invoices.cancel(actor, params.id);
  }

  /** A new draft with the next number, the same bill-to and lines, and no entries linked. */
  @Post(':id/duplicate')
  @ApiProblems(404)
  @ZodResponse({ status: 201, type: InvoiceResponseDto })
  duplicate(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto) {
    return this.invoices.duplicate(actor, params.id);
  }
}
