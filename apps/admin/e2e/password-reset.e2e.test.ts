import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminApi,
  openPage,
  type RunningStack,
  screenshot,
  signIn,
  startStack,
  startWorker,
} from './support';

// Forgot password → mail → reset → sign in (issue #20 §4), through the real stack: the built API
// and dashboard, the built worker sending over SMTP to a real SMTP server on loopback.

let stack: RunningStack;
let worker: ReturnType<typeof startWorker>;
let smtp: SMTPServer;
const mails: { to: string[]; parsed: ParsedMail }[] = [];
let onMail: () => void = () => {};

beforeAll(async () => {
  smtp = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
          onMail();
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  stack = await startStack();
  worker = startWorker(stack, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
    SMTP_SECURITY: 'none',
    PUBLIC_URL: stack.baseUrl,
    WORKER_EMAIL_CRON: '* * * * * *',
  });
});

afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** Resolves with the first mail to `address`, now or when it arrives. */
function mailTo(address: string): Promise<ParsedMail> {
  return new Promise((resolve) => {
    const look = () => {
      const found = mails.find((m) => m.to.includes(address));
      if (found) resolve(found.parsed);
    };
    const previous = onMail;
    onMail = () => {
      previous();
      look();
    };
    look();
  });
}

describe('forgot password', () => {
  it('mails a link from the sign-in page, sets a new password with it, and signs in', async () => {
    const api = await adminApi(stack);
    await api('POST', '/api/v1/users', {
      username: 'wren',
      password: 'forgotten-password-1',
      email: 'wren@example.test',
    });
    const { page, errors } = await openPage(stack);
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Username or email address').fill('Wren@Example.test');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').getByText('a link is on its way').waitFor();
    await screenshot(page, 'forgot-password-sent');

    const mail = await mailTo('wren@example.test');
    expect(mail.subject).toBe('Reset your Your Company Name password');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[\w-]+)/.exec(mail.text ?? '')![1]!;
    expect(link.startsWith(stack.baseUrl)).toBe(true);

    await page.goto(link);
    await page.getByText('For the account wren').waitFor();
    await page.getByLabel('New password').fill('remembered-password-2');
    await page.getByLabel('Repeat the password').fill('remembered-password-2');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('status').getByText('Your password is set').waitFor();
    await screenshot(page, 'reset-password-done');

    await signIn(page, { username: 'wren', password: 'remembered-password-2' });

    // The link worked once.
    await page.goto(link);
    await page.getByRole('alert').getByText('This link is invalid, used or expired').waitFor();
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    expect(errors).toEqual([]);
  });
});
