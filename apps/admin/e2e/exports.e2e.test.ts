import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminApi, createUser, openPage, type RunningStack, signIn, startStack } from './support';

// Downloads (issue #20 §2): the entry list as CSV and XLSX, the report summary as XLSX, and the
// timesheet of the shown week and month as PDF, each clicked as a person would.

let stack: RunningStack;
let api: Awaited<ReturnType<typeof adminApi>>;
let projectId: number;

beforeAll(async () => {
  stack = await startStack();
  api = await adminApi(stack);
  const projects = await api<{ items: { id: number; name: string }[] }>('GET', '/api/v1/projects');
  projectId = projects.items.find((p) => p.name === 'General')!.id;
});

afterAll(async () => {
  await stack?.stop();
});

/** Clicks `link` and reads the file the browser saved. */
async function download(page: Page, name: string | RegExp): Promise<{ file: Download; body: Buffer }> {
  const saving = page.waitForEvent('download');
  await page.getByRole('link', { name }).click();
  const file = await saving;
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return { file, body: Buffer.concat(chunks) };
}

/** Every cell value of the workbook's first sheet, row by row. */
async function sheetOf(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('downloads', () => {
  it('exports the entry list, the report and the timesheet as a person clicks them', async () => {
    const dana = await createUser(api, 'dana');
    await api('POST', '/api/v1/time-entries', {
      userId: dana.id,
      projectId,
      startTime: '2026-12-01T09:00:00Z',
      endTime: '2026-12-01T10:30:00Z',
      notes: 'Wrote the export',
    });
    const { page, context, errors } = await openPage(stack);
    await signIn(page, dana, '/time-entries');
    await page.getByRole('heading', { name: 'Time entries' }).waitFor();
    await page.getByText('Wrote the export').waitFor();

    const csv = await download(page, 'CSV');
    expect(csv.file.suggestedFilename()).toMatch(/^time-entries-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.body.toString('utf8')).toContain('Wrote the export');
    const xlsx = await download(page, 'XLSX');
    expect(xlsx.file.suggestedFilename()).toMatch(/^time-entries-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const entries = await sheetOf(xlsx.body);
    expect(entries[0]![0]).toBe('date');
    expect(entries[1]).toContain('Wrote the export');
    expect(entries[1]![0]).toEqual(new Date('2026-12-01T00:00:00Z'));

    // Reports: the summary, and the entries through the export dialog.
    await page.goto('/reports?period=custom&from=2026-12-01&to=2026-12-31');
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByRole('table', { name: /./ }).getByText('General').waitFor();
    const summary = await sheetOf((await download(page, 'Summary as XLSX')).body);
    expect(summary[0]).toEqual(['Time report']);
    expect(summary.find((r) => r[0] === 'General')).toBeDefined();
    expect(summary.at(-1)![0]).toBe('Total');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const dialogXlsx = await sheetOf((await download(page, 'Download XLSX')).body);
    expect(dialogXlsx[1]).toContain('Wrote the export');

    // The timesheet of the shown week, and of its month.
    await page.goto('/timesheet?week=2026-12-01');
    await page.getByRole('table', { name: 'Timesheet' }).waitFor();
    const week = await download(page, 'PDF timesheet (week)');
    expect(week.file.suggestedFilename()).toBe('timesheet-dana-2026-11-30.pdf');
    expect(week.body.subarray(0, 5).toString()).toBe('%PDF-');
    const month = await download(page, 'PDF timesheet (month)');
    expect(month.file.suggestedFilename()).toBe('timesheet-dana-2026-11-01.pdf');
    expect(month.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    await context.close();
  });
});
