import type { EmailOutboxRepository, OutboxMail } from './email-outbox.repository';
import type { MailTransport } from './smtp-transport';
import { EMAIL_KINDS, type EmailKind, EmailPayloadError, renderEmail } from './templates';

export interface EmailSenderOptions {
  /** Base of every link in a mail (PUBLIC_URL). */
  publicUrl: string;
  /** Tries before a mail is marked failed (EMAIL_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, at most `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed mail is this worker's; past it another worker may try it again. */
  leaseMs: number;
  /** Mails claimed per poll. */
  batchSize: number;
}

export const DEFAULT_EMAIL_SENDER_OPTIONS: Omit<EmailSenderOptions, 'publicUrl'> = {
  maxAttempts: 8,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 5 * 60_000,
  batchSize: 20,
};

export interface EmailRunCounts {
  sent: number;
  retried: number;
  failed: number;
  [key: string]: number;
}

/**
 * Drains the outbox (docs/email.md): claims due mails, renders each in its recipient's language,
 * sends it, and records sent, a retry with exponential backoff, or failed after the last try.
 * Without SMTP settings (transport null) nothing is claimed: mails wait until SMTP is configured.
 */
export class EmailSenderService {
  constructor(
    private readonly outbox: EmailOutboxRepository,
    private readonly transport: MailTransport | null,
    private readonly options: EmailSenderOptions,
  ) {}

  /** Delay before try number `attempts + 1`, after `attempts` failed ones. */
  backoffAfter(attempts: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** Math.max(0, attempts - 1));
  }

  async sendDue(now = new Date()): Promise<EmailRunCounts> {
    const counts: EmailRunCounts = { sent: 0, retried: 0, failed: 0 };
    if (!this.transport) return counts;
    const mails = await this.outbox.claimDue(now, this.options.batchSize, this.options.leaseMs);
    if (mails.length === 0) return counts;
    const sender = await this.outbox.sender();
    for (const mail of mails) counts[await this.sendOne(mail, sender, now)] += 1;
    return counts;
  }

  private async sendOne(
    mail: OutboxMail,
    sender: { from: string; company: string },
    now: Date,
  ): Promise<'sent' | 'retried' | 'failed'> {
    try {
      if (!(EMAIL_KINDS as readonly string[]).includes(mail.kind)) {
        throw new EmailPayloadError(`Unknown mail kind ${mail.kind}`);
      }
      const rendered = renderEmail(mail.kind as EmailKind, mail.language, mail.payload, {
        publicUrl: this.options.publicUrl,
        company: sender.company,
        dateFormat: mail.dateFormat,
        clock: mail.clock,
      });
      const domain = /@([^>\s]+)>?$/.exec(sender.from)?.[1] ?? 'timetracker.invalid';
      await this.transport!.send({
        from: sender.from,
        to: mail.toAddress,
        ...rendered,
        messageId: `<outbox-${mail.id}@${domain}>`,
      });
    } catch (err) {
      const reason = describe(err);
      // A mail that cannot be rendered will not render next time either.
      if (err instanceof EmailPayloadError || mail.attempts >= this.options.maxAttempts) {
        await this.outbox.markFailed(mail.id, mail.attempts, reason);
        return 'failed';
      }
      const retryAt = new Date(now.getTime() + this.backoffAfter(mail.attempts));
      await this.outbox.markRetry(mail.id, mail.attempts, retryAt, reason);
      return 'retried';
    }
    await this.outbox.markSent(mail.id, mail.attempts, now);
    return 'sent';
  }
}

/** The SMTP reply (`550 …`) or the network error's code and message, for the outbox's last_error. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: string; responseCode?: number; response?: string };
  if (e.response) return `${e.responseCode ?? ''} ${e.response}`.trim();
  return [e.code, e.message].filter(Boolean).join(': ');
}
