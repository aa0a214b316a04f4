import { z } from 'zod';

export const EMAIL_LANGUAGES = ['en', 'de', 'fr', 'es', 'it'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

export const EMAIL_KINDS = ['password_reset', 'invitation', 'idle_stop', 'webhook_disabled'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/**
 * What each kind's template needs, as the outbox stores it (JSON). Parsed before rendering: a row
 * edited by hand or left by an older version fails its mail with a reason instead of a broken text.
 */
const PAYLOADS = {
  password_reset: z.object({
    username: z.string(),
    path: z.string().startsWith('/'),
    expiresMinutes: z.number(),
  }),
  invitation: z.object({
    username: z.string(),
    invitedBy: z.string(),
    path: z.string().startsWith('/'),
    expiresMinutes: z.number(),
  }),
  idle_stop: z.object({
    username: z.string(),
    entryId: z.number().int(),
    /** The entry’s notes (user text). */
    description: z.string(),
    /** When the timer was stopped (its last activity), already formatted in the user's zone. */
    stoppedAt: z.string(),
    path: z.string().startsWith('/'),
  }),
  webhook_disabled: z.object({
    username: z.string(),
    /** The subscription's URL (an admin's text) and why its deliveries failed. */
    url: z.string(),
    reason: z.string(),
    path: z.string().startsWith('/'),
  }),
} satisfies Record<EmailKind, z.ZodType>;

export type EmailPayload<K extends EmailKind> = z.infer<(typeof PAYLOADS)[K]>;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A line is text with `{name}` placeholders; values are escaped for HTML, never the template. */
interface Template {
  subject: string;
  /** Paragraphs before the link. */
  lines: string[];
  action: string;
  /** Paragraphs after the link. */
  after: string[];
}

type Catalog = Record<EmailKind, Template>;

const CATALOGS: Record<EmailLanguage, Catalog> = {
  en: {
    password_reset: {
      subject: 'Reset your {company} password',
      lines: ['Hello {username},', 'someone (hopefully you) asked to reset the password of your account.'],
      action: 'Choose a new password',
      after: [
        'The link works once and expires in {expiresMinutes} minutes.',
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ],
    },
    invitation: {
      subject: 'You are invited to {company}',
      lines: ['Hello {username},', '{invitedBy} created an account for you in {company}’s time tracker.'],
      action: 'Set your password',
      after: ['The link works once and expires in {expiresMinutes} minutes.'],
    },
    idle_stop: {
      subject: 'Your timer was stopped after inactivity',
      lines: [
        'Hello {username},',
        'your timer “{description}” was stopped at {stoppedAt} because there was no activity.',
        'The idle time was not recorded. If you were still working, correct the entry:',
      ],
      action: 'Open the entry',
      after: [],
    },
    webhook_disabled: {
      subject: 'A webhook was disabled after a day of failures',
      lines: [
        'Hello {username},',
        'the webhook to {url} failed every delivery for a day and was disabled. Last error: {reason}.',
        'Its events are no longer sent. Fix the receiver, then enable it again:',
      ],
      action: 'Open webhooks',
      after: [],
    },
  },
  de: {
    password_reset: {
      subject: 'Passwort für {company} zurücksetzen',
      lines: [
        'Hallo {username},',
        'jemand (hoffentlich Sie) hat das Zurücksetzen des Passworts Ihres Kontos angefordert.',
      ],
      action: 'Neues Passwort wählen',
      after: [
        'Der Link funktioniert einmal und läuft in {expiresMinutes} Minuten ab.',
        'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
      ],
    },
    invitation: {
      subject: 'Einladung zu {company}',
      lines: [
        'Hallo {username},',
        '{invitedBy} hat Ihnen ein Konto in der Zeiterfassung von {company} angelegt.',
      ],
      action: 'Passwort festlegen',
      after: ['Der Link funktioniert einmal und läuft in {expiresMinutes} Minuten ab.'],
    },
    idle_stop: {
      subject: 'Ihr Timer wurde wegen Inaktivität gestoppt',
      lines: [
        'Hallo {username},',
        'Ihr Timer „{description}“ wurde um {stoppedAt} gestoppt, weil keine Aktivität mehr kam.',
        'Die Leerlaufzeit wurde nicht erfasst. Falls Sie weitergearbeitet haben, korrigieren Sie den Eintrag:',
      ],
      action: 'Eintrag öffnen',
      after: [],
    },
    webhook_disabled: {
      subject: 'Ein Webhook wurde nach einem Tag voller Fehler deaktiviert',
      lines: [
        'Hallo {username},',
        'der Webhook an {url} ist einen Tag lang bei jeder Zustellung gescheitert und wurde deaktiviert. Letzter Fehler: {reason}.',
        'Seine Ereignisse werden nicht mehr gesendet. Beheben Sie den Empfänger und aktivieren Sie ihn wieder:',
      ],
      action: 'Webhooks öffnen',
      after: [],
    },
  },
  fr: {
    password_reset: {
      subject: 'Réinitialiser votre mot de passe {company}',
      lines: [
        'Bonjour {username},',
        'quelqu’un (vous, espérons-le) a demandé la réinitialisation du mot de passe de votre compte.',
      ],
      action: 'Choisir un nouveau mot de passe',
      after: [
        'Le lien ne fonctionne qu’une fois et expire dans {expiresMinutes} minutes.',
        'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
      ],
    },
    invitation: {
      subject: 'Vous êtes invité(e) sur {company}',
      lines: [
        'Bonjour {username},',
        '{invitedBy} vous a créé un compte dans le suivi du temps de {company}.',
      ],
      action: 'Définir votre mot de passe',
      after: ['Le lien ne fonctionne qu’une fois et expire dans {expiresMinutes} minutes.'],
    },
    idle_stop: {
      subject: 'Votre minuteur a été arrêté pour inactivité',
      lines: [
        'Bonjour {username},',
        'votre minuteur « {description} » a été arrêté à {stoppedAt} faute d’activité.',
        'Le temps d’inactivité n’a pas été enregistré. Si vous travailliez encore, corrigez l’entrée :',
      ],
      action: 'Ouvrir l’entrée',
      after: [],
    },
    webhook_disabled: {
      subject: 'Un webhook a été désactivé après une journée d’échecs',
      lines: [
        'Bonjour {username},',
        'le webhook vers {url} a échoué à chaque envoi pendant une journée et a été désactivé. Dernière erreur : {reason}.',
        'Ses événements ne sont plus envoyés. Corrigez le destinataire, puis réactivez-le :',
      ],
      action: 'Ouvrir les webhooks',
      after: [],
    },
  },
  es: {
    password_reset: {
      subject: 'Restablecer tu contraseña de {company}',
      lines: [
        'Hola {username}:',
        'alguien (esperamos que tú) ha pedido restablecer la contraseña de tu cuenta.',
      ],
      action: 'Elegir una contraseña nueva',
      after: [
        'El enlace funciona una sola vez y caduca en {expiresMinutes} minutos.',
        'Si no lo has pedido tú, ignora este correo: tu contraseña no cambia.',
      ],
    },
    invitation: {
      subject: 'Te han invitado a {company}',
      lines: ['Hola {username}:', '{invitedBy} te ha creado una cuenta en el control de horas de {company}.'],
      action: 'Establecer tu contraseña',
      after: ['El enlace funciona una sola vez y caduca en {expiresMinutes} minutos.'],
    },
    idle_stop: {
      subject: 'Tu temporizador se detuvo por inactividad',
      lines: [
        'Hola {username}:',
        'tu temporizador «{description}» se detuvo a las {stoppedAt} porque no hubo actividad.',
        'El tiempo inactivo no se ha registrado. Si seguías trabajando, corrige la entrada:',
      ],
      action: 'Abrir la entrada',
      after: [],
    },
    webhook_disabled: {
      subject: 'Se desactivó un webhook tras un día de fallos',
      lines: [
        'Hola {username}:',
        'el webhook a {url} falló en cada envío durante un día y se desactivó. Último error: {reason}.',
        'Sus eventos ya no se envían. Corrige el receptor y vuelve a activarlo:',
      ],
      action: 'Abrir los webhooks',
      after: [],
    },
  },
  it: {
    password_reset: {
      subject: 'Reimposta la password di {company}',
      lines: [
        'Ciao {username},',
        'qualcuno (speriamo tu) ha chiesto di reimpostare la password del tuo account.',
      ],
      action: 'Scegli una nuova password',
      after: [
        'Il link funziona una sola volta e scade tra {expiresMinutes} minuti.',
        'Se non l’hai chiesto tu, ignora questa email: la password resta invariata.',
      ],
    },
    invitation: {
      subject: 'Sei stato invitato su {company}',
      lines: ['Ciao {username},', '{invitedBy} ti ha creato un account nel registro ore di {company}.'],
      action: 'Imposta la password',
      after: ['Il link funziona una sola volta e scade tra {expiresMinutes} minuti.'],
    },
    idle_stop: {
      subject: 'Il tuo timer è stato fermato per inattività',
      lines: [
        'Ciao {username},',
        'il tuo timer «{description}» è stato fermato alle {stoppedAt} per mancanza di attività.',
        'Il tempo di inattività non è stato registrato. Se stavi ancora lavorando, correggi la voce:',
      ],
      action: 'Apri la voce',
      after: [],
    },
    webhook_disabled: {
      subject: 'Un webhook è stato disattivato dopo un giorno di errori',
      lines: [
        'Ciao {username},',
        'il webhook verso {url} ha fallito ogni consegna per un giorno ed è stato disattivato. Ultimo errore: {reason}.',
        'I suoi eventi non vengono più inviati. Correggi il destinatario, poi riattivalo:',
      ],
      action: 'Apri i webhook',
      after: [],
    },
  },
};

/** `(no description)` in each language, for idle stops of entries without one. */
const NO_DESCRIPTION: Record<EmailLanguage, string> = {
  en: 'no description',
  de: 'ohne Beschreibung',
  fr: 'sans description',
  es: 'sin descripción',
  it: 'senza descrizione',
};

export function emailLanguage(value: string | null | undefined): EmailLanguage {
  return (EMAIL_LANGUAGES as readonly string[]).includes(value ?? '') ? (value as EmailLanguage) : 'en';
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Control characters (a header injection in a subject, say) become spaces; long values are cut. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function fill(line: string, values: Record<string, string>, escape: (v: string) => string): string {
  return line.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? escape(values[name]!) : whole,
  );
}

export class EmailPayloadError extends Error {
  override readonly name = 'EmailPayloadError';
}

/**
 * Renders a queued mail: subject, plain text and HTML in the recipient's language. Every value in
 * the payload is user-provided or derived from it, so each is cleaned of control characters and
 * HTML-escaped in the HTML part; the link is built from `publicUrl` (config) and the payload's path.
 */
export function renderEmail(
  kind: EmailKind,
  language: string,
  payload: unknown,
  context: { publicUrl: string; company: string },
): RenderedEmail {
  const parsed = PAYLOADS[kind].safeParse(payload);
  if (!parsed.success) throw new EmailPayloadError(`The ${kind} mail's payload is malformed`);
  const lang = emailLanguage(language);
  const template = CATALOGS[lang][kind];
  const data = parsed.data as Record<string, unknown>;
  const values: Record<string, string> = { company: clean(context.company) };
  for (const [key, value] of Object.entries(data)) values[key] = clean(String(value));
  if (kind === 'idle_stop' && values.description === '') values.description = NO_DESCRIPTION[lang];
  const link = new URL(String(data.path), `${context.publicUrl.replace(/\/$/, '')}/`).toString();

  const subject = fill(template.subject, values, (v) => v);
  const textLines = [
    ...template.lines.map((l) => fill(l, values, (v) => v)),
    `${fill(template.action, values, (v) => v)}: ${link}`,
    ...template.after.map((l) => fill(l, values, (v) => v)),
  ];
  const p = (l: string) => `<p>${fill(l, values, escapeHtml)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...template.lines.map(p),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(fill(template.action, values, (v) => v))}</a></p>`,
    ...template.after.map(p),
    `<p style="color: #666">${escapeHtml(values.company!)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: `${textLines.join('\n\n')}\n\n-- \n${values.company}\n`, html };
}
