import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ADMIN,
  adminApi,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  startWorker,
} from './support';

// The administration screens added after the first dashboard pass: backups (with a real worker),
// the system page's database size, and editing a draft invoice. Each test makes its own data.

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('administration in a browser', () => {
  it('requests a backup, shows it waiting for a worker, then done once a worker runs, and downloads it', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Backups' })
      .click();
    await page.getByText(/No backups yet/).waitFor();
    await screenshot(page, 'backups-empty');

    // Only the API runs: the request waits, and the page says who will pick it up.
    await page.getByRole('button', { name: 'Back up now' }).click();
    const table = page.getByRole('table', { name: 'Backups' });
    await table.getByText('A worker picks it up within seconds.').waitFor();
    expect(await table.getByText('waiting').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true);
    await screenshot(page, 'backups-waiting');

    // A worker starts; the page, polling, follows the backup to the end by itself.
    const worker = startWorker(stack);
    try {
      const download = table.getByRole('link', { name: /Download backup/ });
      await download.waitFor({ timeout: 60_000 }).catch((error: unknown) => {
        throw new Error(`${String(error)}\nworker output:\n${worker.output.join('')}`);
      });
      expect(await table.getByText('Completed', { exact: true }).count()).toBe(1);
      expect(await table.textContent()).toMatch(/\d+(\.\d+)? (kB|MB)/);
      expect(await page.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true);
      await screenshot(page, 'backups');

      const downloading = page.waitForEvent('download');
      await download.click();
      const file = await downloading;
      expect(file.suggestedFilename()).toMatch(/\.tar$/);
      const chunks: Buffer[] = [];
      for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
      const tar = Buffer.concat(chunks);
      // A POSIX tar: "ustar" at offset 257 of the first header, the manifest among the entries.
      expect(tar.subarray(257, 262).toString()).toBe('ustar');
      expect(tar.includes(Buffer.from('manifest.json'))).toBe(true);
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the database size on the system page', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/system');
    const size = page.getByTestId('database-size');
    await size.waitFor();
    expect(await size.textContent()).toMatch(/^\d+(\.\d+)? MB on disk · PostgreSQL \d+/);
    await screenshot(page, 'system');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('edits a draft invoice’s line and details, with the totals following', async () => {
    const api = await adminApi(stack);
    const client = await api<{ id: number }>('POST', '/api/v1/clients', { name: 'Stark Industries' });
    const project = await api<{ id: number }>('POST', '/api/v1/projects', {
      name: 'Edit me',
      clientId: client.id,
    });
    const invoice = await api<{ id: number }>('POST', '/api/v1/invoices', { projectId: project.id });
    await api('POST', `/api/v1/invoices/${invoice.id}/items`, {
      description: 'Consulting',
      quantity: '2',
      unitPrice: '100.00',
    });

    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, `/invoices/${invoice.id}`);
    await expect.poll(() => page.getByTestId('invoice-total').textContent()).toMatch(/200\.00/);

    await page.getByRole('button', { name: 'Edit line Consulting' }).click();
    const line = page.getByRole('dialog', { name: 'Edit line' });
    await line.getByLabel('Description').fill('');
    await line.getByRole('button', { name: 'Save line' }).click();
    await line.getByText('Required').waitFor(); // plain words, not zod's
    await line.getByLabel('Description').fill('Consulting, March');
    await line.getByLabel('Unit price').fill('120.00');
    await screenshot(page, 'invoice-edit-line');
    await line.getByRole('button', { name: 'Save line' }).click();
    await line.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Invoice lines' }).getByText('Consulting, March').waitFor();
    await expect.poll(() => page.getByTestId('invoice-total').textContent()).toMatch(/240\.00/);

    await page.getByRole('button', { name: 'Edit details' }).click();
    const details = page.getByRole('dialog', { name: 'Edit invoice details' });
    await details.getByLabel('Bill to').fill('Stark Industries, Accounts');
    await details.getByLabel('Tax rate (%)').fill('10');
    await details.getByLabel('Notes').fill('Paid within 30 days, please.');
    await screenshot(page, 'invoice-edit-details');
    await details.getByRole('button', { name: 'Save details' }).click();
    await details.waitFor({ state: 'detached' });
    await page.getByText('Stark Industries, Accounts').waitFor();
    await expect.poll(() => page.getByTestId('invoice-total').textContent()).toMatch(/264\.00/);
    await page.getByText('Paid within 30 days, please.').waitFor();
    await screenshot(page, 'invoice-edited');
    expect(errors).toEqual([]);
    await context.close();
  });
});
