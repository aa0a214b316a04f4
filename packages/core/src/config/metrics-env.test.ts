import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './env';

const base = { DATABASE_URL: 'postgresql://u@h/db' };

describe('metrics configuration', () => {
  it('serves no metrics unless a token or a port protects them', () => {
    expect(loadApiConfig(base, '/x').metrics).toBeUndefined();
  });

  it('takes a bearer token, a separate port on HOST (or METRICS_HOST), or both', () => {
    const token = 'a'.repeat(32);
    expect(loadApiConfig({ ...base, METRICS_TOKEN: token }, '/x').metrics).toEqual({ token });
    expect(loadApiConfig({ ...base, METRICS_PORT: '9464', HOST: '127.0.0.1' }, '/x').metrics).toEqual({
      listen: { host: '127.0.0.1', port: 9464 },
    });
    expect(
      loadApiConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', METRICS_TOKEN: token }, '/x')
        .metrics,
    ).toEqual({ token, listen: { host: '10.0.0.5', port: 9464 } });
  });

  it.each([
    ['METRICS_TOKEN', 'short'],
    ['METRICS_PORT', 'metrics'],
    ['METRICS_PORT', '70000'],
  ])('rejects %s=%s', (key, value) => {
    expect(() => loadApiConfig({ ...base, [key]: value }, '/x')).toThrow(new RegExp(`${key}: must`));
  });
});
