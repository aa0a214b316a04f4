import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
}

export const SMTP_USER = 'mailer';
export const SMTP_PASSWORD = 'smtp-test-password';

/**
 * A real SMTP server on loopback (npm smtp-server): STARTTLS with its built-in certificate,
 * AUTH PLAIN/LOGIN required. `refuse` answers 550 to every RCPT TO; `received` holds what came in,
 * and `waitFor(n)` resolves once n mails have arrived.
 */
export async function startSmtpReceiver(options: { port?: number; refuse?: boolean } = {}) {
  const received: ReceivedMail[] = [];
  let rcptAttempts = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      rcptAttempts += 1;
      if (options.refuse) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
          for (const w of waiters.filter((w) => received.length >= w.n)) w.resolve();
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    rcptAttempts: () => rcptAttempts,
    waitFor: (n: number) =>
      received.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/** SMTP settings for the receiver, as the worker's config holds them. */
export const smtpConfigFor = (port: number) => ({
  host: '127.0.0.1',
  port,
  security: 'starttls' as const,
  user: SMTP_USER,
  password: SMTP_PASSWORD,
  tlsRejectUnauthorized: false,
  timeoutMs: 10_000,
});
