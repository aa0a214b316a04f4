import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { missingCompanyDetails } from '../setup/company-details';
import type { SettingsRepository } from '../settings/settings.repository';
import { invoiceCsv } from './invoice-csv';
import { renderInvoicePdf } from './invoice-pdf';
import type { InvoicesService } from './invoices.service';

export interface InvoiceDocument<T> {
  filename: string;
  body: T;
}

/** File names from invoice numbers, kept to plain ASCII for the Content-Disposition header. */
const fileName = (invoiceNumber: string, ext: string) =>
  `invoice-${invoiceNumber.replace(/[^\w.-]/g, '_')}.${ext}`;

/** The invoice as documents: a branded PDF and a CSV (admins only, like the invoice itself). */
export class InvoiceDocumentsService {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly settings: SettingsRepository,
  ) {}

  async pdf(actor: Principal, id: number, now = new Date()): Promise<InvoiceDocument<Buffer>> {
    const invoice = await this.invoices.get(actor, id, now);
    const [s, logo] = await Promise.all([this.settings.find(), this.settings.findLogo()]);
    // An invoice with "Your Company Name" on it is worse than none: refuse, saying what to fill in.
    const missing = s ? missingCompanyDetails(s) : ['companyName', 'companyAddress'];
    if (missing.length > 0) {
      throw new DomainError(
        'INVALID_STATE',
        'The company name and address are not set (still the placeholders of a fresh install): an admin fills them in under Settings → Company before invoices can be printed',
      );
    }
    const body = await renderInvoicePdf(invoice, {
      name: s?.companyName ?? '',
      address: s?.companyAddress ?? '',
      email: s?.companyEmail ?? '',
      phone: s?.companyPhone ?? '',
      website: s?.companyWebsite ?? '',
      taxId: s?.companyTaxId ?? '',
      bankInfo: s?.companyBankInfo ?? '',
      logo,
    });
    return { filename: fileName(invoice.invoiceNumber, 'pdf'), body };
  }

  /** settings.export_delimiter, CRLF, UTF-8 (a BOM first when asked, for Excel). */
  async csv(actor: Principal, id: number, bom = false, now = new Date()): Promise<InvoiceDocument<string>> {
    const invoice = await this.invoices.get(actor, id, now);
    const s = await this.settings.find();
    return {
      filename: fileName(invoice.invoiceNumber, 'csv'),
      body: invoiceCsv(invoice, s?.exportDelimiter ?? ',', bom),
    };
  }
}
