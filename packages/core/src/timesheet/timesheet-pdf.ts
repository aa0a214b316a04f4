import { BOLD, drawableLogo, newPdfDocument, REGULAR, type InvoiceCompany } from '../invoices/invoice-pdf';

/** One entry line: local times, names, its billed seconds (a running timer: so far). */
export interface TimesheetPdfEntry {
  start: string;
  /** null: still running. */
  end: string | null;
  project: string;
  notes: string;
  seconds: number;
}

export interface TimesheetPdfDay {
  /** YYYY-MM-DD */
  date: string;
  /** "Mon" … "Sun" */
  weekday: string;
  entries: TimesheetPdfEntry[];
  seconds: number;
}

export interface TimesheetPdfData {
  company: Pick<InvoiceCompany, 'name' | 'address' | 'logo'>;
  username: string;
  period: 'week' | 'month';
  /** First and last day, YYYY-MM-DD. */
  from: string;
  to: string;
  timeZone: string;
  days: TimesheetPdfDay[];
  totalSeconds: number;
  entryCount: number;
  /** When it was printed, as text in the user's zone. */
  printedAt: string;
}

const MARGIN = 50;
const WIDTH = 495;
const GREY = '#555555';
const LIGHT = '#eeeeee';
/** Date, time, project / task, notes, hours: x and width on A4 (595 pt wide). */
const COLUMNS = [
  { x: MARGIN, width: 72, align: 'left' },
  { x: 125, width: 72, align: 'left' },
  { x: 200, width: 150, align: 'left' },
  { x: 353, width: 137, align: 'left' },
  { x: 490, width: 55, align: 'right' },
] as const;

/** Seconds as h:mm (9000 → "2:30"), the way hours are written on a timesheet. */
export function formatHm(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A timesheet to sign as an A4 PDF: the company's name and logo (as on invoices), whose time
 * and which period, each day's entries with the day's total, the period's total, and signature
 * lines for the employee and the manager.
 */
export async function renderTimesheetPdf(sheet: TimesheetPdfData): Promise<Buffer> {
  const title = `Timesheet ${sheet.username} ${sheet.from} – ${sheet.to}`;
  const doc = await newPdfDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: REGULAR,
    info: { Title: title, Author: sheet.company.name, Subject: sheet.username },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawHeader(doc, sheet);
  drawDays(doc, sheet);
  drawTotal(doc, sheet);
  drawSignatures(doc, sheet);
  drawFooters(doc, title);
  doc.end();
  return done;
}

function drawHeader(doc: PDFKit.PDFDocument, sheet: TimesheetPdfData): void {
  const logo = drawableLogo(sheet.company.logo);
  if (logo) {
    try {
      doc.image(logo, MARGIN, MARGIN, { fit: [160, 60] });
    } catch {
      // A PNG variant PDFKit cannot read: the timesheet prints without the logo.
    }
  }
  const right = { width: 245, align: 'right' as const };
  doc.font('bold').fontSize(14).text(sheet.company.name, 300, MARGIN, right);
  if (sheet.company.address.trim())
    doc.font('regular').fontSize(9).fillColor(GREY).text(sheet.company.address, right).fillColor('black');

  const top = Math.max(doc.y, MARGIN + 70) + 16;
  doc.font('bold').fontSize(20).text('TIMESHEET', MARGIN, top);
  const facts: [string, string][] = [
    ['Employee', sheet.username],
    [sheet.period === 'week' ? 'Week' : 'Month', `${sheet.from} – ${sheet.to}`],
    ['Time zone', sheet.timeZone],
    ['Printed', sheet.printedAt],
  ];
  let y = top;
  for (const [label, value] of facts) {
    doc.font('regular').fontSize(9).fillColor(GREY).text(label, 300, y, { width: 80 });
    doc.font('bold').fillColor('black').text(value, 380, y, { width: 165, align: 'right' });
    y = doc.y + 3;
  }
  doc.x = MARGIN;
  doc.y = Math.max(y, top + 40) + 14;
}

function tableHeader(doc: PDFKit.PDFDocument): void {
  const y = doc.y;
  doc
    .rect(MARGIN, y - 4, WIDTH, 18)
    .fill(LIGHT)
    .fillColor('black');
  doc.font('bold').fontSize(9);
  ['Date', 'Time', 'Project / task', 'Notes', 'Hours'].forEach((title, i) => {
    const c = COLUMNS[i]!;
    doc.text(title, c.x, y, { width: c.width, align: c.align });
  });
  doc.y = y + 18;
}

const bottomOf = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom - 30;

function row(doc: PDFKit.PDFDocument, cells: string[], font: 'regular' | 'bold' = 'regular'): void {
  doc.font(font).fontSize(8.5);
  const height = Math.max(
    ...cells.map((text, i) => doc.heightOfString(text || ' ', { width: COLUMNS[i]!.width })),
  );
  if (doc.y + height > bottomOf(doc)) {
    doc.addPage();
    tableHeader(doc);
    doc.font(font).fontSize(8.5);
  }
  const y = doc.y;
  cells.forEach((text, i) => {
    const c = COLUMNS[i]!;
    if (text) doc.text(text, c.x, y, { width: c.width, align: c.align });
  });
  doc.y = y + height + 3;
}

function drawDays(doc: PDFKit.PDFDocument, sheet: TimesheetPdfData): void {
  tableHeader(doc);
  for (const day of sheet.days) {
    const label = `${day.weekday} ${day.date}`;
    if (day.entries.length === 0) {
      doc.fillColor(GREY);
      row(doc, [label, '', '', '', formatHm(0)]);
      doc.fillColor('black');
    }
    day.entries.forEach((e, i) => {
      const time = `${e.start}–${e.end ?? 'running'}`;
      row(doc, [i === 0 ? label : '', time, e.project, e.notes, formatHm(e.seconds)]);
    });
    if (day.entries.length > 0) row(doc, ['', '', '', `Total ${day.date}`, formatHm(day.seconds)], 'bold');
    doc
      .moveTo(MARGIN, doc.y - 1)
      .lineTo(MARGIN + WIDTH, doc.y - 1)
      .lineWidth(0.5)
      .strokeColor(LIGHT)
      .stroke();
    doc.y += 2;
  }
}

function drawTotal(doc: PDFKit.PDFDocument, sheet: TimesheetPdfData): void {
  if (doc.y + 30 > bottomOf(doc)) doc.addPage();
  const y = doc.y + 6;
  doc.font('bold').fontSize(11);
  doc.text(`Total for the ${sheet.period} (${sheet.entryCount} entries)`, MARGIN, y, {
    width: 400,
    align: 'right',
  });
  doc.text(formatHm(sheet.totalSeconds), 455, y, { width: 90, align: 'right' });
  doc.x = MARGIN;
  doc.y = doc.y + 10;
}

function drawSignatures(doc: PDFKit.PDFDocument, sheet: TimesheetPdfData): void {
  if (doc.y + 110 > bottomOf(doc)) doc.addPage();
  const top = doc.y + 40;
  const blocks = [
    { x: MARGIN, title: 'Employee', name: sheet.username },
    { x: 315, title: 'Manager', name: '' },
  ];
  for (const b of blocks) {
    doc
      .moveTo(b.x, top)
      .lineTo(b.x + 230, top)
      .lineWidth(0.8)
      .strokeColor('black')
      .stroke();
    doc
      .font('bold')
      .fontSize(9)
      .text(`${b.title} signature`, b.x, top + 4, { width: 230 });
    if (b.name)
      doc.font('regular').fillColor(GREY).text(b.name, b.x, doc.y, { width: 230 }).fillColor('black');
    const dateTop = top + 50;
    doc
      .moveTo(b.x, dateTop)
      .lineTo(b.x + 230, dateTop)
      .lineWidth(0.8)
      .stroke();
    doc
      .font('regular')
      .fontSize(9)
      .text('Date', b.x, dateTop + 4, { width: 230 });
  }
  doc.x = MARGIN;
}

/** "Timesheet alice 2025-03-03 – 2025-03-09 · page 1 of 2" at the foot of every page. */
function drawFooters(doc: PDFKit.PDFDocument, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${title} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 35, {
        width: WIDTH,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
}
