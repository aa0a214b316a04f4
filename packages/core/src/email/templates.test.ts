import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS, EMAIL_LANGUAGES, EmailPayloadError, renderEmail } from './templates';

const context = { publicUrl: 'https://tt.example.test/', company: 'Acme' };
const payloads = {
  password_reset: { username: 'ann', path: '/reset-password?token=abc', expiresMinutes: 60 },
  invitation: {
    username: 'ann',
    invitedBy: 'boss',
    path: '/reset-password?token=abc',
    expiresMinutes: 10080,
  },
  idle_stop: {
    username: 'ann',
    entryId: 7,
    description: 'Call',
    stoppedAt: '2026-03-10 10:00',
    path: '/time-entries?entry=7',
  },
  webhook_disabled: {
    username: 'ann',
    url: 'https://hooks.example.test/tt',
    reason: 'HTTP 500',
    path: '/webhooks',
  },
  approval_request: {
    username: 'lead',
    submitter: 'ann',
    weekStart: '2026-03-02',
    total: '38:30',
    path: '/approvals',
  },
  approval_result: {
    username: 'ann',
    weekStart: '2026-03-02',
    decision: 'rejected',
    decidedBy: 'lead',
    note: 'Tuesday is missing',
    path: '/timesheet?week=2026-03-02',
  },
  weekly_digest: {
    username: 'ann',
    weekStart: '2026-03-02',
    worked: '30:00',
    target: '40:00',
    missing: '10:00',
    path: '/timesheet?week=2026-03-02',
  },
  budget_threshold: {
    username: 'lead',
    budget: 'Website',
    threshold: 80,
    period: '2026-03',
    path: '/budgets',
  },
} as const;

describe('email templates', () => {
  it('render every kind in every language, with the link in both parts and no placeholder left', () => {
    const subjects = new Set<string>();
    for (const kind of EMAIL_KINDS) {
      for (const lang of EMAIL_LANGUAGES) {
        const mail = renderEmail(kind, lang, payloads[kind], context);
        subjects.add(mail.subject);
        const link = `https://tt.example.test${payloads[kind].path}`;
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
        expect(mail.html).toContain(`<html lang="${lang}">`);
        for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\w+\}/);
      }
    }
    // Each language has its own words for each kind.
    expect(subjects.size).toBe(EMAIL_KINDS.length * EMAIL_LANGUAGES.length);
  });

  it('says approved or rejected, and leaves out a note that is empty', () => {
    const rejected = renderEmail('approval_result', 'en', payloads.approval_result, context);
    expect(rejected.subject).toBe('Your week of March 2, 2026 was rejected');
    expect(rejected.text).toContain('Reason: Tuesday is missing');
    const approved = renderEmail(
      'approval_result',
      'de',
      { ...payloads.approval_result, decision: 'approved', note: '' },
      context,
    );
    expect(approved.subject).toBe('Ihre Woche vom 2. März 2026 wurde freigegeben');
    expect(approved.text).not.toContain('Notiz');
    expect(approved.html).not.toContain('Notiz');
    const lifetime = renderEmail(
      'budget_threshold',
      'en',
      { ...payloads.budget_threshold, period: '' },
      context,
    );
    expect(lifetime.text).not.toContain('Period');
  });

  it('writes dates as the recipient does: their date format and clock, else their language', () => {
    const stop = (lang: string, prefs: object) =>
      renderEmail(
        'idle_stop',
        lang,
        { ...payloads.idle_stop, stoppedAt: '2026-03-10 17:05' },
        { ...context, ...prefs },
      ).text;
    expect(stop('en', {})).toContain('stopped at March 10, 2026 17:05 because');
    expect(stop('en', { dateFormat: 'MM/DD/YYYY', clock: '12h' })).toContain(
      'stopped at 03/10/2026 5:05 PM because',
    );
    expect(stop('de', { dateFormat: 'DD.MM.YYYY', clock: '24h' })).toContain('um 10.03.2026 17:05 gestoppt');
    expect(stop('fr', { dateFormat: 'auto' })).toContain('arrêté à 10 mars 2026 17:05');
    const week = renderEmail('approval_request', 'es', payloads.approval_request, {
      ...context,
      dateFormat: 'YYYY-MM-DD',
    });
    expect(week.subject).toContain(payloads.approval_request.weekStart);
    const budget = renderEmail(
      'budget_threshold',
      'it',
      { ...payloads.budget_threshold, period: '2026-03' },
      context,
    );
    expect(budget.text).toContain('marzo 2026');
  });

  it('escapes user values in HTML and keeps line breaks out of the subject', () => {
    const mail = renderEmail(
      'invitation',
      'en',
      { ...payloads.invitation, invitedBy: '<img src=x onerror=alert(1)>' },
      { ...context, company: 'Evil\r\nBcc: victim@example.test' },
    );
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toContain('<img');
    expect(mail.subject).toBe('You are invited to Evil Bcc: victim@example.test');
  });

  it('falls back to English for an unknown language and refuses a malformed payload', () => {
    expect(renderEmail('password_reset', 'xx', payloads.password_reset, context).subject).toBe(
      'Reset your Acme password',
    );
    expect(() => renderEmail('password_reset', 'en', { username: 'ann' }, context)).toThrow(
      EmailPayloadError,
    );
    expect(() =>
      renderEmail(
        'password_reset',
        'en',
        { ...payloads.password_reset, path: 'https://evil.test/' },
        context,
      ),
    ).toThrow(EmailPayloadError);
  });
});
