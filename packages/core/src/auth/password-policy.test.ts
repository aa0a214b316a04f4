import { describe, expect, it } from 'vitest';
import { normalizeUsername, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts 10+ characters unrelated to the username', () => {
    expect(passwordProblems('correct horse', 'alice')).toEqual([]);
  });

  it('rejects short passwords and ones built from the username, whatever the case', () => {
    expect(passwordProblems('short', 'alice')).toEqual([
      { path: 'password', message: 'must be at least 10 characters' },
    ]);
    expect(passwordProblems('xxALICExx123', 'alice')).toEqual([
      { path: 'password', message: 'must not contain the username' },
    ]);
    expect(passwordProblems('a'.repeat(201), 'bob')).toEqual([
      { path: 'password', message: 'must be at most 200 characters' },
    ]);
  });

  it('normalizes usernames: trimmed and lowercased', () => {
    expect(normalizeUsername('  Alice ')).toBe('alice');
  });
});
