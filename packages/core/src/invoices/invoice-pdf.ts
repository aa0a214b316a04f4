import { dirname, join } from 'node:path';
import type { InvoiceView } from './invoice.view';

/** The company block of an invoice (settings), and its logo when one was uploaded. */
export interface InvoiceCompany {
  name: string;
  address: string;
  email: string;
  phone: string;
  website: string;
  taxId: string;
  bankInfo: string;
  logo?: { contentType: string; data: Uint8Array } | null;
}

// DejaVu Sans, embedded (subset): every currency symbol and accented name renders, and the
// text can be extracted and searched (PDF's built-in Helvetica knows only Latin-1).
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
export const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

/**
 * A new PDFKit document. pdfkit (its font, image and compression code) is loaded on the first PDF,
 * not with the package: it keeps about 12 MB resident in every process that imports core, and
 * only invoices and timesheets draw PDFs (docs/benchmarks.md "Memory").
 */
export async function newPdfDocument(options: PDFKit.PDFDocumentOptions): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument(options);
}

const MARGIN = 50;
const GREY = '#555555';
const LIGHT = '#eeeeee';
/** Description, quantity, unit price, amount: x and width, on A4 (595 pt wide). */
const COLUMNS = [
  { x: MARGIN, width: 245, align: 'left' },
  { x: 300, width: 60, align: 'right' },
  { x: 365, width: 85, align: 'right' },
  { x: 455, width: 90, align: 'right' },
] as const;

/** Money in the invoice's currency, from the exact decimal string (no float on the way). */
export function formatMoney(amount: string, currency: string): string {
  return new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount as Intl.StringNumericLiteral);
}

/** "20.00" → "20 %", "7.50" → "7.5 %". */
const percent = (rate: string) => `${rate.replace(/\.?0+$/, '')} %`;

/** PDFKit draws PNG and JPEG; other logo types (SVG, WebP) are left out rather than failing. */
export const drawableLogo = (logo: InvoiceCompany['logo']) =>
  logo && (logo.contentType === 'image/png' || logo.contentType === 'image/jpeg')
    ? Buffer.from(logo.data)
    : null;

/** Renders an invoice as an A4 PDF: branding, bill-to, lines, totals, notes, terms, bank details. */
export async function renderInvoicePdf(invoice: InvoiceView, company: InvoiceCompany): Promise<Buffer> {
  const doc = await newPdfDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: REGULAR,
    info: { Title: `Invoice ${invoice.invoiceNumber}`, Author: company.name, Subject: invoice.clientName },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (amount: string) => formatMoney(amount, invoice.currency);

  drawHeader(doc, invoice, company);
  drawLines(doc, invoice, money);
  drawTotals(doc, invoice, money);
  drawTexts(doc, [
    ['Notes', invoice.notes],
    ['Terms', invoice.terms],
    ['Payment details', company.bankInfo],
  ]);
  drawFooters(doc, invoice);
  doc.end();
  return done;
}

function drawHeader(doc: PDFKit.PDFDocument, invoice: InvoiceView, company: InvoiceCompany): void {
  const logo = drawableLogo(company.logo);
  if (logo) {
    try {
      doc.image(logo, MARGIN, MARGIN, { fit: [160, 70] });
    } catch {
      // A PNG variant PDFKit cannot read: the invoice goes out without the logo.
    }
  }
  const right = { width: 245, align: 'right' as const };
  doc.font('bold').fontSize(14).text(company.name, 300, MARGIN, right);
  doc.font('regular').fontSize(9).fillColor(GREY);
  for (const line of [company.address, company.email, company.phone, company.website]) {
    if (line.trim()) doc.text(line, right);
  }
  if (company.taxId.trim()) doc.text(`Tax ID: ${company.taxId}`, right);
  doc.fillColor('black');

  const top = Math.max(doc.y, MARGIN + 80) + 20;
  doc.font('bold').fontSize(22).text('INVOICE', MARGIN, top);
  if (invoice.status !== 'sent') {
    doc
      .fontSize(12)
      .fillColor('#b00020')
      .text(invoice.status.toUpperCase(), MARGIN, top + 28);
    doc.fillColor('black');
  }
  const facts: [string, string][] = [
    ['Invoice number', invoice.invoiceNumber],
    ['Issue date', invoice.issueDate],
    ['Due date', invoice.dueDate],
  ];
  if (invoice.projectName) facts.push(['Project', invoice.projectName]);
  let y = top;
  for (const [label, value] of facts) {
    doc.font('regular').fontSize(9).fillColor(GREY).text(label, 300, y, { width: 110 });
    doc.font('bold').fillColor('black').text(value, 410, y, { width: 135, align: 'right' });
    y = doc.y + 3;
  }

  const billTop = Math.max(y, top + 50) + 15;
  doc.font('bold').fontSize(10).text('Bill to', MARGIN, billTop);
  doc.font('regular').fontSize(10).text(invoice.clientName, { width: 240 });
  doc.fontSize(9).fillColor(GREY);
  if (invoice.clientAddress) doc.text(invoice.clientAddress, { width: 240 });
  if (invoice.clientEmail) doc.text(invoice.clientEmail, { width: 240 });
  doc.fillColor('black');
  doc.y += 20;
}

function tableHeader(doc: PDFKit.PDFDocument): void {
  const y = doc.y;
  doc
    .rect(MARGIN, y - 4, 495, 20)
    .fill(LIGHT)
    .fillColor('black');
  doc.font('bold').fontSize(9);
  ['Description', 'Quantity', 'Unit price', 'Amount'].forEach((title, i) => {
    const c = COLUMNS[i]!;
    doc.text(title, c.x, y, { width: c.width, align: c.align });
  });
  doc.y = y + 22;
}

function drawLines(doc: PDFKit.PDFDocument, invoice: InvoiceView, money: (a: string) => string): void {
  tableHeader(doc);
  doc.font('regular').fontSize(9);
  const bottom = doc.page.height - doc.page.margins.bottom - 30;
  if (invoice.items.length === 0) {
    doc.fillColor(GREY).text('No lines', MARGIN, doc.y).fillColor('black');
  }
  for (const item of invoice.items) {
    const height = doc.heightOfString(item.description, { width: COLUMNS[0].width });
    if (doc.y + height > bottom) {
      doc.addPage();
      tableHeader(doc);
      doc.font('regular').fontSize(9);
    }
    const y = doc.y;
    const cells = [item.description, item.quantity, money(item.unitPrice), money(item.totalAmount)];
    cells.forEach((text, i) => {
      const c = COLUMNS[i]!;
      doc.text(text, c.x, y, { width: c.width, align: c.align });
    });
    doc.y = y + height + 6;
    doc
      .moveTo(MARGIN, doc.y - 3)
      .lineTo(MARGIN + 495, doc.y - 3)
      .lineWidth(0.5)
      .strokeColor(LIGHT)
      .stroke();
  }
}

function drawTotals(doc: PDFKit.PDFDocument, invoice: InvoiceView, money: (a: string) => string): void {
  if (doc.y + 70 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const rows: [string, string, boolean][] = [
    ['Subtotal', money(invoice.subtotal), false],
    [`Tax (${percent(invoice.taxRate)})`, money(invoice.taxAmount), false],
    [`Total (${invoice.currency})`, money(invoice.totalAmount), true],
  ];
  let y = doc.y + 8;
  for (const [label, value, strong] of rows) {
    doc.font(strong ? 'bold' : 'regular').fontSize(strong ? 11 : 9);
    doc.text(label, 330, y, { width: 120, align: 'right' });
    doc.text(value, 455, y, { width: 90, align: 'right' });
    y = doc.y + 4;
  }
  doc.x = MARGIN;
  doc.y = y + 16;
}

function drawTexts(doc: PDFKit.PDFDocument, sections: [string, string | null][]): void {
  for (const [title, text] of sections) {
    if (!text?.trim()) continue;
    if (doc.y + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.font('bold').fontSize(10).text(title, MARGIN, doc.y, { width: 495 });
    doc.font('regular').fontSize(9).fillColor(GREY).text(text, { width: 495 }).fillColor('black');
    doc.y += 10;
  }
}

/** "INV-1000 · page 1 of 2" at the foot of every page. */
function drawFooters(doc: PDFKit.PDFDocument, invoice: InvoiceView): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make PDFKit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${invoice.invoiceNumber} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 35, {
        width: 495,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
}
