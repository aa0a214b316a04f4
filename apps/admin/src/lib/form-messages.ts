import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const FORMATS: Record<string, string> = {
  email: 'Enter an email address such as name@example.com',
  date: 'Enter a date (YYYY-MM-DD)',
  datetime: 'Enter a date and time',
  time: 'Enter a time (HH:mm)',
  url: 'Enter a web address starting with https://',
  regex: 'This is not in the expected format',
};

/**
 * Plain words for zod's generic messages ("Too small: expected string to have >=1 characters"),
 * for a form's validation. Messages a contract gives its own rules take precedence over this (zod
 * applies a schema's message first), so only the generic ones are replaced; undefined keeps zod's.
 */
export function friendlyIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return 'Required';
      return issue.expected === 'number' ? 'Enter a number' : 'This value is not valid';
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1 ? 'Required' : `At least ${plural(min, 'character', 'characters')}`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return min <= 1 ? 'Pick at least one' : `Pick at least ${min}`;
      }
      return issue.inclusive === false ? `Must be more than ${min}` : `Must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `At most ${plural(max, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${max}`;
      return issue.inclusive === false ? `Must be less than ${max}` : `Must be at most ${max}`;
    }
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'This is not in the expected format';
    case 'invalid_value':
      return issue.values.length <= 6
        ? `Choose one of: ${issue.values.map(String).join(', ')}`
        : 'Choose one of the options';
    case 'unrecognized_keys':
      return `Unexpected field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

// The same generic messages as the API sends them back in a 400 (validated with the same schemas
// but zod's default wording), matched on their text.
const SERVER_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Too small: expected string to have >=?1 characters?$/, () => 'Required'],
  [/^Too small: expected string to have >=?(\d+) characters$/, (m) => `At least ${m[1]} characters`],
  [/^Too big: expected string to have <=?(\d+) characters$/, (m) => `At most ${m[1]} characters`],
  [/^Too small: expected number to be >(\d+(?:\.\d+)?)$/, (m) => `Must be more than ${m[1]}`],
  [/^Too small: expected number to be >=(\d+(?:\.\d+)?)$/, (m) => `Must be at least ${m[1]}`],
  [/^Too big: expected number to be <=(\d+(?:\.\d+)?)$/, (m) => `Must be at most ${m[1]}`],
  [/^Invalid input: expected \w+, received (undefined|null)$/, () => 'Required'],
  [/^Invalid input: expected number, received \w+$/, () => 'Enter a number'],
  [/^Invalid email address$/, () => FORMATS.email!],
  [/^Invalid ISO date$/, () => FORMATS.date!],
  [/^Invalid ISO datetime$/, () => FORMATS.datetime!],
  [
    /^Invalid option: expected one of (.+)$/,
    (m) => `Choose one of: ${m[1]!.replaceAll('"', '').split('|').join(', ')}`,
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
