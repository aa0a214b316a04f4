import type { z } from 'zod';

import { i18n } from '@/i18n/i18n';

type Issue = z.core.$ZodRawIssue;

const t = i18n.getFixedT(null, 'forms');

const FORMATS = ['email', 'date', 'datetime', 'time', 'url'] as const;

function formatMessage(format: string): string {
  return (FORMATS as readonly string[]).includes(format)
    ? t(`format.${format as (typeof FORMATS)[number]}`)
    : t('format.other');
}

/**
 * Plain words for zod's generic messages ("Too small: expected string to have >=1 characters"),
 * for a form's validation, in the active language. Messages a contract gives its own rules take
 * precedence over this (zod applies a schema's message first), so only the generic ones are
 * replaced; undefined keeps zod's.
 */
export function friendlyIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return t('required');
      return issue.expected === 'number' ? t('enterNumber') : t('notValid');
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? t('required') : t('atLeastChars', { count: min });
      if (issue.origin === 'array' || issue.origin === 'set') {
        return min <= 1 ? t('pickAtLeastOne') : t('pickAtLeast', { min });
      }
      return issue.inclusive === false ? t('moreThan', { min }) : t('atLeast', { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return t('atMostChars', { count: max });
      if (issue.origin === 'array' || issue.origin === 'set') return t('atMost', { max });
      return issue.inclusive === false ? t('lessThan', { max }) : t('atMostValue', { max });
    }
    case 'invalid_format':
      return formatMessage(issue.format);
    case 'invalid_value':
      return issue.values.length <= 6
        ? t('chooseOneOf', { options: issue.values.map(String).join(', ') })
        : t('chooseOption');
    case 'unrecognized_keys':
      return t('unexpectedFields', { count: issue.keys.length, fields: issue.keys.join(', ') });
    default:
      return undefined;
  }
}

// The same generic messages as the API sends them back in a 400 (validated with the same schemas
// but zod's default wording, in English), matched on their text.
const SERVER_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Too small: expected string to have >=?1 characters?$/, () => t('required')],
  [
    /^Too small: expected string to have >=?(\d+) characters$/,
    (m) => t('atLeastChars', { count: Number(m[1]) }),
  ],
  [
    /^Too big: expected string to have <=?(\d+) characters$/,
    (m) => t('atMostChars', { count: Number(m[1]) }),
  ],
  [/^Too small: expected number to be >(\d+(?:\.\d+)?)$/, (m) => t('moreThan', { min: m[1] })],
  [/^Too small: expected number to be >=(\d+(?:\.\d+)?)$/, (m) => t('atLeast', { min: m[1] })],
  [/^Too big: expected number to be <=(\d+(?:\.\d+)?)$/, (m) => t('atMostValue', { max: m[1] })],
  [/^Invalid input: expected \w+, received (undefined|null)$/, () => t('required')],
  [/^Invalid input: expected number, received \w+$/, () => t('enterNumber')],
  [/^Invalid email address$/, () => formatMessage('email')],
  [/^Invalid ISO date$/, () => formatMessage('date')],
  [/^Invalid ISO datetime$/, () => formatMessage('datetime')],
  [/^Unknown field$/, () => t('unknownField')],
  [
    /^Invalid option: expected one of (.+)$/,
    (m) => t('chooseOneOf', { options: m[1]!.replaceAll('"', '').split('|').join(', ') }),
  ],
];

/** A field error from the API in the same plain words as the form's own checks. */
export function friendlyServerMessage(message: string): string {
  for (const [pattern, replace] of SERVER_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return replace(match);
  }
  return message;
}
