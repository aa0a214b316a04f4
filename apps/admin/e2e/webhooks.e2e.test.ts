import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

// Webhooks (issue #20 §3): an admin subscribes a receiver, copies the secret shown once, sends a
// test that a real worker signs and delivers, redelivers it from the log, and disables it; the
// screen fits a phone.

let stack: RunningStack;
let worker: ReturnType<typeof startWorker>;
let receiver: Server;
let hookUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

// The receiver is on 127.0.0.1: private addresses allowed for the API and the worker.
const ALLOW = { WEBHOOK_ALLOW_PRIVATE: 'true' };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  stack = await startStack({ apiEnv: ALLOW });
  worker = startWorker(stack, { ...ALLOW, WORKER_WEBHOOK_CRON: '* * * * * *' });
});

afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('webhooks screen', () => {
  it('creates a webhook with its secret shown once, sends a signed test, redelivers and disables it', async () => {
    const { page, context, errors } = await openPage(stack);
    await signIn(page, ADMIN, '/');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();

    // A URL that is not http(s) is refused in the form.
    await page.getByRole('textbox', { name: 'URL' }).fill('ftp://files.example.com');
    await page.getByRole('checkbox', { name: 'Invoice paid' }).check();
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByText('must be an http(s) URL').waitFor();

    await page.getByRole('textbox', { name: 'URL' }).fill(hookUrl);
    await page.getByRole('textbox', { name: 'Description' }).fill('Accounting');
    await page.getByRole('checkbox', { name: 'Timer stopped (also idle stops)' }).check();
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const secret = (await page.getByTestId('new-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, 'webhooks-created');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByTestId('new-secret').count()).resolves.toBe(0);

    const card = page.getByRole('region', { name: hookUrl, exact: true });
    await expect(card.getByText('Active').isVisible()).resolves.toBe(true);
    const cardId = (await card.getAttribute('data-testid'))!;
    await card.getByRole('button', { name: 'Send a test' }).click();
    const log = card.getByRole('table', { name: 'Deliveries' });
    await log.getByText('Delivered').waitFor({ timeout: 20_000 });
    const mine = () => received.filter((r) => r.body.includes(`"subscriptionId":${hookId()}`));
    const hookId = () => Number(/webhook-(\d+)/.exec(cardId)![1]);
    expect(mine()).toHaveLength(1);
    const test = mine()[0]!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(test.headers['x-timetracker-signature']))!;
    expect(createHmac('sha256', secret).update(`${t}.${test.body}`).digest('hex')).toBe(v1);
    expect(JSON.parse(test.body)).toMatchObject({ version: 1, type: 'webhook.test' });
    await expect(log.getByText('200').isVisible()).resolves.toBe(true);
    await screenshot(page, 'webhooks-log');

    await log.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => log.getByText('Delivered').count(), { timeout: 20_000 }).toBe(2);
    expect(mine()).toHaveLength(2);
    expect(mine()[1]!.body).toBe(test.body);

    await card.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('Disabled', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Enable' }).waitFor();
    await screenshot(page, 'webhooks-disabled');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone: the list and the delivery log read as cards', async () => {
    // A subscription of its own, with a delivery in its log.
    const api = await adminApi(stack);
    const url = `${hookUrl}?on=a-phone-with-a-rather-long-receiver-address`;
    const hook = await api<{ id: number }>('POST', '/api/v1/webhooks', {
      url,
      description: 'Phone',
      events: ['entry.created', 'entry.updated', 'invoice.paid', 'week.approved'],
    });
    await api('POST', `/api/v1/webhooks/${hook.id}/test`, {});
    const { page, context, errors } = await openPage(stack, { mobile: true });
    await signIn(page, ADMIN, '/webhooks');
    const card = page.getByRole('region', { name: url });
    await card.getByRole('button', { name: 'Delivery log' }).click();
    await card.getByRole('table', { name: 'Deliveries' }).getByText('Delivered').waitFor({ timeout: 20_000 });
    expect(
      await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth),
    ).toBeLessThanOrEqual(0);
    const overflow = await page.evaluate(() =>
      Math.max(
        ...Array.from(document.querySelectorAll('table')).map((el) => {
          const box = el.closest('.phone-cards') ?? el;
          return box.scrollWidth - box.clientWidth;
        }),
      ),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-webhooks');
    expect(errors).toEqual([]);
    await context.close();
  });
});
