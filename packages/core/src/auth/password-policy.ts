import type { FieldError } from '../errors/domain-error';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * The documented policy: 10 to 200 characters, and not built from the username (neither
 * containing it nor contained in it, ignoring case). Length beats composition rules.
 */
export function passwordProblems(password: string, username: string): FieldError[] {
  const problems: FieldError[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push({ path: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push({ path: 'password', message: `must be at most ${MAX_PASSWORD_LENGTH} characters` });
  }
  const p = password.toLowerCase();
  const u = username.trim().toLowerCase();
  if (u.length > 0 && (p.includes(u) || u.includes(p))) {
    problems.push({ path: 'password', message: 'must not contain the username' });
  }
  return problems;
}

/** Usernames are case-insensitive: stored and compared trimmed and lowercased. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
