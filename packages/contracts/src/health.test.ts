import { describe, expect, it } from 'vitest';
import { HealthResponseSchema, ReadinessResponseSchema } from './health';

describe('health contracts', () => {
  it('accept what the API sends when up and when the database is down', () => {
    expect(HealthResponseSchema.parse({ status: 'ok', version: '0.1.0', uptimeSeconds: 5 })).toBeTruthy();
    expect(
      ReadinessResponseSchema.parse({
        status: 'ready',
        checks: { database: { status: 'up', latencyMs: 3 } },
      }),
    ).toBeTruthy();
    expect(
      ReadinessResponseSchema.parse({
        status: 'unavailable',
        checks: { database: { status: 'down', error: 'database not reachable at 127.0.0.1:5432' } },
      }),
    ).toBeTruthy();
  });

  it('reject shapes a client could not rely on', () => {
    expect(HealthResponseSchema.safeParse({ status: 'ok', version: '1', uptimeSeconds: -1 }).success).toBe(
      false,
    );
    expect(ReadinessResponseSchema.safeParse({ status: 'ready', checks: {} }).success).toBe(false);
    expect(
      ReadinessResponseSchema.safeParse({ status: 'maybe', checks: { database: { status: 'up' } } }).success,
    ).toBe(false);
  });
});
