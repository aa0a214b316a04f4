import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { INVOICE_CSV_COLUMNS, type InvoiceDocumentsService, type Principal } from '@timetracker/core';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiDownload } from '../platform/api-download.decorator';
import { ApiProblems } from '../platform/api-problems.decorator';
import { sendDownload } from '../platform/downloads';
import { InvoiceCsvQueryDto, InvoiceIdParamDto } from './invoices.dto';
import { INVOICE_DOCUMENTS_SERVICE } from './invoices.tokens';

const CSV_DESCRIPTION = `CSV (RFC 4180, CRLF, UTF-8) separated by settings.export_delimiter. Columns:
${INVOICE_CSV_COLUMNS.join(', ')}. One row per line, then Subtotal, Tax and Total rows (label in description, figure in
amount). Amounts are decimal strings; a cell starting with = + - @ gets a leading apostrophe.`;

/** An invoice as a document: PDF with the company's branding, or CSV. Admins only. */
@ApiTags('invoices')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403, 404)
@Requires('invoices.manage')
@Controller('invoices')
export class InvoiceDocumentsController {
  constructor(@Inject(INVOICE_DOCUMENTS_SERVICE) private readonly documents: InvoiceDocumentsService) {}

  /** A4 PDF: logo and company details, bill-to, lines, totals in settings.currency, notes, terms, bank info. */
  @Get(':id/pdf')
  @ApiDownload(
    'application/pdf',
    'The invoice as PDF (fonts embedded, text searchable)',
    'invoice-INV-1000.pdf',
  )
  async pdf(@CurrentUser() actor: Principal, @Param() params: InvoiceIdParamDto, @Res() res: FastifyReply) {
    const pdf = await this.documents.pdf(actor, params.id);
    await sendDownload(res, 'application/pdf', pdf.filename, pdf.body);
  }

  @Get(':id/csv')
  @ApiDownload('text/csv', CSV_DESCRIPTION, 'invoice-INV-1000.csv')
  async csv(
    @CurrentUser() actor: Principal,
    @Param() params: InvoiceIdParamDto,
    @Query() query: InvoiceCsvQueryDto,
    @Res() res: FastifyReply,
  ) {
    const csv = await this.documents.csv(actor, params.id, query.bom ?? false);
    await sendDownload(res, 'text/csv; charset=utf-8', csv.filename, csv.body);
  }
}
