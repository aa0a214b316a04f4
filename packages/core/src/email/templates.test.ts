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
