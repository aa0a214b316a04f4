import type { Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/env';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Message-ID: the outbox row's, so a resend after a lost reply is recognisable as the same mail. */
  messageId: string;
}

/** Sends one mail or throws; the one thing the outbox needs from SMTP (tests may pass their own). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * nodemailer over SMTP as configured by SMTP_* (docs/configuration.md): implicit TLS (`tls`,
 * usually port 465), STARTTLS required (`starttls`, usually 587) or plain (`none`, a local relay).
 * Timeouts are short: a hanging server delays only the worker's poll, and the mail is retried.
 */
export function smtpTransport(config: SmtpConfig): MailTransport {
  // nodemailer is loaded on the first mail, not with the package: about 4 MB resident in every
  // process that imports core, and a worker without SMTP (or with an empty outbox) sends none.
  let transporter: Promise<Transporter> | undefined;
  const open = async () =>
    (await import('nodemailer')).default.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      ...(config.user !== undefined ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      tls: { rejectUnauthorized: config.tlsRejectUnauthorized },
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      pool: false,
    });
  return {
    async send(mail) {
      transporter ??= open();
      await (await transporter).sendMail({ ...mail, disableFileAccess: true, disableUrlAccess: true });
    },
    close() {
      // Nothing was opened if no mail was sent; one that failed to open has nothing to close.
      void transporter?.then(
        (t) => t.close(),
        () => undefined,
      );
    },
  };
}
