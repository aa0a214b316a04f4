import {
  DEFAULT_EMAIL_SENDER_OPTIONS,
  EmailOutboxRepository,
  EmailSenderService,
  smtpTransport,
  type EmailSenderOptions,
} from '@timetracker/core';
import { createPrismaClient, type Prisma, type PrismaClient, type User } from '@timetracker/db';
import { createTestDatabase, type TestDatabase } from '@timetracker/startup/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { smtpConfigFor, startSmtpReceiver, type SmtpReceiver } from './smtp-receiver';

export const PUBLIC_URL = 'https://tt.example.test';

export interface MailWorld {
  readonly prisma: PrismaClient;
  readonly smtp: SmtpReceiver;
  /** Sends the mails due at `now` to the SMTP receiver, as the worker's outbox job does. */
  sendDue(
    now?: Date,
    options?: Partial<EmailSenderOptions>,
  ): Promise<{ sent: number; retried: number; failed: number }>;
  /** A user named `<prefix><n>-<time>`, with an address of that name unless `email: false`. */
  user(
    data?: Omit<Prisma.UserUncheckedCreateInput, 'username' | 'email' | 'passwordHash'> & { email?: boolean },
  ): Promise<User>;
}

/**
 * The world of a test file about mails: its own database with the company's sender (and
 * `settings`) set, a real SMTP server on loopback, and the outbox and the inbox emptied before
 * each test. Call at the top of the file: it registers the hooks.
 */
export function useMailWorld(settings: Prisma.SettingsUpdateInput, prefix = 'u'): MailWorld {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let smtp: SmtpReceiver;
  let n = 0;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
    smtp = await startSmtpReceiver();
    await prisma.settings.update({
      where: { id: 1 },
      data: { emailFrom: 'TimeTracker <tt@example.test>', ...settings },
    });
  });
  afterAll(async () => {
    await smtp?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });
  beforeEach(async () => {
    await prisma.emailOutbox.deleteMany();
    smtp.received.length = 0;
  });
  return {
    get prisma() {
      return prisma;
    },
    get smtp() {
      return smtp;
    },
    sendDue(now = new Date(), options = {}) {
      const sender = new EmailSenderService(
        new EmailOutboxRepository(prisma),
        smtpTransport(smtpConfigFor(smtp.port)),
        {
          ...DEFAULT_EMAIL_SENDER_OPTIONS,
          publicUrl: PUBLIC_URL,
          ...options,
        },
      );
      return sender.sendDue(now);
    },
    user({ email = true, ...data } = {}) {
      n += 1;
      const username = `${prefix}${n}-${Date.now()}`;
      return prisma.user.create({
        data: { ...data, username, email: email ? `${username}@example.test` : null, passwordHash: 'x' },
      });
    },
  };
}
