import { describe, expect, it } from 'vitest';

import { roleOf } from './principal';

describe('roleOf', () => {
  it('keeps the four roles and reads anything else as a plain user', () => {
    for (const role of ['admin', 'manager', 'accountant', 'user'] as const) expect(roleOf(role)).toBe(role);
    for (const odd of ['Admin', 'superuser', '', ' admin']) expect(roleOf(odd)).toBe('user');
  });
});
