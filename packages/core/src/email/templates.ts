import { z } from 'zod';

export const EMAIL_LANGUAGES = ['en', 'de', 'fr', 'es', 'it'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

export const EMAIL_KINDS = [
  'password_reset',
  'invitation',
  'idle_stop',
  'approval_request',
  'approval_result',
  'weekly_digest',
  'budget_threshold',
  'webhook_disabled',
] as const;
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
  /** To a lead (or admin) of the user: a week waits for their decision. */
  approval_request: z.object({
    username: z.string(),
    submitter: z.string(),
    /** The week's first day, YYYY-MM-DD. */
    weekStart: z.string(),
    /** The week's billed time, h:mm. */
    total: z.string(),
    path: z.string().startsWith('/'),
  }),
  /** To the week's user: approved or rejected, with the decider's note (may be empty). */
  approval_result: z.object({
    username: z.string(),
    weekStart: z.string(),
    decision: z.enum(['approved', 'rejected']),
    decidedBy: z.string(),
    note: z.string(),
    path: z.string().startsWith('/'),
  }),
  /** The week's time against the weekly target (h:mm each); only sent when some is missing. */
  weekly_digest: z.object({
    username: z.string(),
    weekStart: z.string(),
    worked: z.string(),
    target: z.string(),
    missing: z.string(),
    path: z.string().startsWith('/'),
  }),
  /** A budget (of a project or client, `budget` its name) crossed `threshold` percent. */
  budget_threshold: z.object({
    username: z.string(),
    budget: z.string(),
    threshold: z.number().int(),
    /** The month (YYYY-MM) of a monthly budget, empty for a lifetime one. */
    period: z.string(),
    path: z.string().startsWith('/'),
  }),
} satisfies Record<EmailKind, z.ZodType>;

/** The templates: one per kind, but two for an approval's result (approved, rejected). */
type TemplateKey = Exclude<EmailKind, 'approval_result'> | 'approval_approved' | 'approval_rejected';

/** Lines naming one of these are left out when its value is empty (a decision without a note). */
const OPTIONAL_VALUES = ['note', 'period'];

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

type Catalog = Record<TemplateKey, Template>;

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
    approval_request: {
      subject: '{submitter} submitted the week of {weekStart}',
      lines: [
        'Hello {username},',
        '{submitter} submitted their week of {weekStart} ({total} h) for approval.',
      ],
      action: 'Review the week',
      after: [],
    },
    approval_approved: {
      subject: 'Your week of {weekStart} was approved',
      lines: ['Hello {username},', '{decidedBy} approved your week of {weekStart}.', 'Note: {note}'],
      action: 'Open the week',
      after: [],
    },
    approval_rejected: {
      subject: 'Your week of {weekStart} was rejected',
      lines: [
        'Hello {username},',
        '{decidedBy} rejected your week of {weekStart}.',
        'Reason: {note}',
        'Correct the week and submit it again:',
      ],
      action: 'Open the week',
      after: [],
    },
    weekly_digest: {
      subject: '{missing} h missing in the week of {weekStart}',
      lines: [
        'Hello {username},',
        'in the week of {weekStart} you recorded {worked} h of your {target} h target: {missing} h are missing.',
      ],
      action: 'Open the timesheet',
      after: ['To stop these mails, turn off the weekly digest on My account.'],
    },
    budget_threshold: {
      subject: 'Budget of {budget} reached {threshold} %',
      lines: ['Hello {username},', 'the budget of {budget} has reached {threshold} %.', 'Period: {period}'],
      action: 'Open the budgets',
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
    approval_request: {
      subject: '{submitter} hat die Woche vom {weekStart} eingereicht',
      lines: [
        'Hallo {username},',
        '{submitter} hat die Woche vom {weekStart} ({total} h) zur Freigabe eingereicht.',
      ],
      action: 'Woche prüfen',
      after: [],
    },
    approval_approved: {
      subject: 'Ihre Woche vom {weekStart} wurde freigegeben',
      lines: [
        'Hallo {username},',
        '{decidedBy} hat Ihre Woche vom {weekStart} freigegeben.',
        'Notiz: {note}',
      ],
      action: 'Woche öffnen',
      after: [],
    },
    approval_rejected: {
      subject: 'Ihre Woche vom {weekStart} wurde abgelehnt',
      lines: [
        'Hallo {username},',
        '{decidedBy} hat Ihre Woche vom {weekStart} abgelehnt.',
        'Grund: {note}',
        'Korrigieren Sie die Woche und reichen Sie sie erneut ein:',
      ],
      action: 'Woche öffnen',
      after: [],
    },
    weekly_digest: {
      subject: 'In der Woche vom {weekStart} fehlen {missing} h',
      lines: [
        'Hallo {username},',
        'in der Woche vom {weekStart} haben Sie {worked} h Ihres Ziels von {target} h erfasst: Es fehlen {missing} h.',
      ],
      action: 'Stundenzettel öffnen',
      after: ['Um diese E-Mails abzubestellen, schalten Sie die Wochenübersicht unter „Mein Konto“ aus.'],
    },
    budget_threshold: {
      subject: 'Budget von {budget} hat {threshold} % erreicht',
      lines: [
        'Hallo {username},',
        'das Budget von {budget} hat {threshold} % erreicht.',
        'Zeitraum: {period}',
      ],
      action: 'Budgets öffnen',
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
    approval_request: {
      subject: '{submitter} a soumis la semaine du {weekStart}',
      lines: [
        'Bonjour {username},',
        '{submitter} a soumis sa semaine du {weekStart} ({total} h) pour approbation.',
      ],
      action: 'Examiner la semaine',
      after: [],
    },
    approval_approved: {
      subject: 'Votre semaine du {weekStart} a été approuvée',
      lines: ['Bonjour {username},', '{decidedBy} a approuvé votre semaine du {weekStart}.', 'Note : {note}'],
      action: 'Ouvrir la semaine',
      after: [],
    },
    approval_rejected: {
      subject: 'Votre semaine du {weekStart} a été refusée',
      lines: [
        'Bonjour {username},',
        '{decidedBy} a refusé votre semaine du {weekStart}.',
        'Motif : {note}',
        'Corrigez la semaine et soumettez-la à nouveau :',
      ],
      action: 'Ouvrir la semaine',
      after: [],
    },
    weekly_digest: {
      subject: 'Il manque {missing} h dans la semaine du {weekStart}',
      lines: [
        'Bonjour {username},',
        'dans la semaine du {weekStart}, vous avez saisi {worked} h sur votre objectif de {target} h : il manque {missing} h.',
      ],
      action: 'Ouvrir la feuille de temps',
      after: [
        'Pour ne plus recevoir ces messages, désactivez le récapitulatif hebdomadaire dans Mon compte.',
      ],
    },
    budget_threshold: {
      subject: 'Le budget de {budget} a atteint {threshold} %',
      lines: ['Bonjour {username},', 'le budget de {budget} a atteint {threshold} %.', 'Période : {period}'],
      action: 'Ouvrir les budgets',
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
    approval_request: {
      subject: '{submitter} ha enviado la semana del {weekStart}',
      lines: [
        'Hola {username}:',
        '{submitter} ha enviado su semana del {weekStart} ({total} h) para su aprobación.',
      ],
      action: 'Revisar la semana',
      after: [],
    },
    approval_approved: {
      subject: 'Tu semana del {weekStart} ha sido aprobada',
      lines: ['Hola {username}:', '{decidedBy} ha aprobado tu semana del {weekStart}.', 'Nota: {note}'],
      action: 'Abrir la semana',
      after: [],
    },
    approval_rejected: {
      subject: 'Tu semana del {weekStart} ha sido rechazada',
      lines: [
        'Hola {username}:',
        '{decidedBy} ha rechazado tu semana del {weekStart}.',
        'Motivo: {note}',
        'Corrige la semana y envíala de nuevo:',
      ],
      action: 'Abrir la semana',
      after: [],
    },
    weekly_digest: {
      subject: 'Faltan {missing} h en la semana del {weekStart}',
      lines: [
        'Hola {username}:',
        'en la semana del {weekStart} registraste {worked} h de tu objetivo de {target} h: faltan {missing} h.',
      ],
      action: 'Abrir la hoja de horas',
      after: ['Para dejar de recibir estos correos, desactiva el resumen semanal en Mi cuenta.'],
    },
    budget_threshold: {
      subject: 'El presupuesto de {budget} ha llegado al {threshold} %',
      lines: [
        'Hola {username}:',
        'el presupuesto de {budget} ha llegado al {threshold} %.',
        'Periodo: {period}',
      ],
      action: 'Abrir los presupuestos',
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
    approval_request: {
      subject: '{submitter} ha inviato la settimana del {weekStart}',
      lines: [
        'Ciao {username},',
        '{submitter} ha inviato la sua settimana del {weekStart} ({total} h) per l’approvazione.',
      ],
      action: 'Esamina la settimana',
      after: [],
    },
    approval_approved: {
      subject: 'La tua settimana del {weekStart} è stata approvata',
      lines: [
        'Ciao {username},',
        '{decidedBy} ha approvato la tua settimana del {weekStart}.',
        'Nota: {note}',
      ],
      action: 'Apri la settimana',
      after: [],
    },
    approval_rejected: {
      subject: 'La tua settimana del {weekStart} è stata respinta',
      lines: [
        'Ciao {username},',
        '{decidedBy} ha respinto la tua settimana del {weekStart}.',
        'Motivo: {note}',
        'Correggi la settimana e inviala di nuovo:',
      ],
      action: 'Apri la settimana',
      after: [],
    },
    weekly_digest: {
      subject: 'Mancano {missing} h nella settimana del {weekStart}',
      lines: [
        'Ciao {username},',
        'nella settimana del {weekStart} hai registrato {worked} h del tuo obiettivo di {target} h: mancano {missing} h.',
      ],
      action: 'Apri il foglio ore',
      after: ['Per non ricevere più queste email, disattiva il riepilogo settimanale in Il mio account.'],
    },
    budget_threshold: {
      subject: 'Il budget di {budget} ha raggiunto il {threshold} %',
      lines: [
        'Ciao {username},',
        'il budget di {budget} ha raggiunto il {threshold} %.',
        'Periodo: {period}',
      ],
      action: 'Apri i budget',
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

/** The recipient's ways of writing dates and times (users.date_format, users.clock). */
export interface MailDatePreferences {
  /** `auto` (as the mail's language writes dates) or a pattern of YYYY, MM and DD. */
  dateFormat?: string;
  clock?: string;
}

/**
 * Payload values that are wall-clock dates in the recipient's zone, stored as YYYY-MM-DD,
 * YYYY-MM-DD HH:MM or (a month) YYYY-MM, and written in the recipient's format when rendered.
 */
const DATE_VALUES = ['weekStart', 'stoppedAt', 'period'];

/** "2026-03-02 17:05" → "2 March 2026 17:05", "02.03.2026 5:05 PM", … as the recipient reads dates. */
export function formatMailDate(value: string, language: EmailLanguage, prefs: MailDatePreferences): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2})(?: (\d{2}):(\d{2}))?)?$/.exec(value);
  if (!m) return value;
  const [, year, month, day, hour, minute] = m;
  const at = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day ?? 1),
    Number(hour ?? 0),
    Number(minute ?? 0),
  );
  const intl = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(at);
  if (day === undefined) return intl({ month: 'long', year: 'numeric' });
  const pattern = prefs.dateFormat ?? 'auto';
  const date =
    pattern === 'auto'
      ? intl({ day: 'numeric', month: 'long', year: 'numeric' })
      : pattern.replace('YYYY', year!).replace('MM', month!).replace('DD', day);
  if (hour === undefined) return date;
  const time = intl({ hour: 'numeric', minute: '2-digit', hourCycle: prefs.clock === '12h' ? 'h12' : 'h23' });
  return `${date} ${time}`;
}

export class EmailPayloadError extends Error {
  override readonly name = 'EmailPayloadError';
}

/**
 * Renders a queued mail: subject, plain text and HTML in the recipient's language. Every value in
 * the payload is user-provided or derived from it, so each is cleaned of control characters and
 * HTML-escaped in the HTML part; the link is built from `publicUrl` (config) and the payload's path.
 * Dates are written as the recipient writes them (their date format and clock, else the language's).
 */
export function renderEmail(
  kind: EmailKind,
  language: string,
  payload: unknown,
  context: { publicUrl: string; company: string } & MailDatePreferences,
): RenderedEmail {
  const parsed = PAYLOADS[kind].safeParse(payload);
  if (!parsed.success) throw new EmailPayloadError(`The ${kind} mail's payload is malformed`);
  const lang = emailLanguage(language);
  const data = parsed.data as Record<string, unknown>;
  const key: TemplateKey =
    kind === 'approval_result' ? `approval_${data.decision as 'approved' | 'rejected'}` : kind;
  const template = CATALOGS[lang][key];
  const values: Record<string, string> = { company: clean(context.company) };
  for (const [name, value] of Object.entries(data)) values[name] = clean(String(value));
  for (const name of DATE_VALUES) {
    if (values[name]) values[name] = formatMailDate(values[name], lang, context);
  }
  if (kind === 'idle_stop' && values.description === '') values.description = NO_DESCRIPTION[lang];
  const link = new URL(String(data.path), `${context.publicUrl.replace(/\/$/, '')}/`).toString();
  const shown = (l: string) => !OPTIONAL_VALUES.some((name) => l.includes(`{${name}}`) && !values[name]);
  const lines = template.lines.filter(shown);
  const after = template.after.filter(shown);

  const subject = fill(template.subject, values, (v) => v);
  const textLines = [
    ...lines.map((l) => fill(l, values, (v) => v)),
    `${fill(template.action, values, (v) => v)}: ${link}`,
    ...after.map((l) => fill(l, values, (v) => v)),
  ];
  const p = (l: string) => `<p>${fill(l, values, escapeHtml)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...lines.map(p),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(fill(template.action, values, (v) => v))}</a></p>`,
    ...after.map(p),
    `<p style="color: #666">${escapeHtml(values.company!)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: `${textLines.join('\n\n')}\n\n-- \n${values.company}\n`, html };
}
