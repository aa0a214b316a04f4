import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadWorkerConfig } from './env';

describe('API configuration', () => {
  it('logs short lines on a terminal and JSON elsewhere, unless LOG_FORMAT says', () => {
    const env = { DATABASE_URL: 'postgresql://u@h/db' };
    expect(loadApiConfig(env, '/srv', true).logFormat).toBe('pretty');
    expect(loadApiConfig(env, '/srv', false).logFormat).toBe('json');
    expect(loadApiConfig({ ...env, LOG_FORMAT: 'json' }, '/srv', true).logFormat).toBe('json');
    expect(loadApiConfig({ ...env, LOG_FORMAT: '' }, '/srv', true).logFormat).toBe('pretty');
    expect(loadWorkerConfig({ ...env, LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadApiConfig({ ...env, LOG_FORMAT: 'fancy' }, '/srv')).toThrow(ConfigError);
  });

  it('applies defaults and resolves the admin folder', () => {
    const config = loadApiConfig({ DATABASE_URL: 'postgresql://u@h/db' }, '/srv/admin/dist', false);
    expect(config).toEqual({
      databaseUrl: 'postgresql://u@h/db',
      host: '0.0.0.0',
      port: 3000,
      logLevel: 'info',
      logFormat: 'json',
      nodeEnv: 'production',
      adminDistDir: path.resolve('/srv/admin/dist'),
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      corsOrigins: [],
      bodyLimitBytes: 1024 * 1024,
      backupDir: path.resolve('.data/backups'),
      webhookAllowPrivate: false,
      importMaxBytes: 50 * 1024 * 1024,
      publicUrl: 'http://localhost:3000',
      oidcBreakGlassUser: 'admin',
      exports: { processes: 2, nodeOptions: '--max-old-space-size=128 --max-semi-space-size=4' },
    });
  });

  it('runs exports in processes of their own unless API_EXPORT_PROCESSES is 0', () => {
    const env = { DATABASE_URL: 'postgresql://u@h/db' };
    const config = loadApiConfig(
      { ...env, API_EXPORT_PROCESSES: '0', API_EXPORT_NODE_OPTIONS: '--max-old-space-size=256' },
      '/x',
      false,
    );
    expect(config.exports).toEqual({ processes: 0, nodeOptions: '--max-old-space-size=256' });
    expect(() => loadApiConfig({ ...env, API_EXPORT_PROCESSES: 'two' }, '/x')).toThrow(
      /API_EXPORT_PROCESSES: must be a number/,
    );
    expect(() => loadApiConfig({ ...env, API_EXPORT_PROCESSES: '-1' }, '/x')).toThrow(/API_EXPORT_PROCESSES/);
  });

  it('reads OIDC_* as the SSO settings, and lists every bad one', () => {
    const config = loadApiConfig(
      {
        DATABASE_URL: 'postgresql://u@h/db',
        OIDC_ISSUER: 'https://id.example.com/realms/acme',
        OIDC_CLIENT_ID: 'timetracker',
        OIDC_CLIENT_SECRET: 's3cret',
        OIDC_ROLE_MAPPING: 'tt-admins=admin, /acme/managers = manager',
        OIDC_GROUPS_CLAIM: 'groups',
        OIDC_BREAK_GLASS_USER: ' Root ',
      },
      '/x',
      false,
    );
    expect(config.oidc).toEqual({
      issuer: 'https://id.example.com/realms/acme',
      clientId: 'timetracker',
      clientSecret: 's3cret',
      scopes: 'openid profile email',
      autoCreate: false,
      linkBy: 'email',
      groupsClaim: 'groups',
      roleMapping: [
        { group: 'tt-admins', role: 'admin' },
        { group: '/acme/managers', role: 'manager' },
      ],
      ssoOnly: false,
    });
    expect(config.oidcBreakGlassUser).toBe('root');
    expect(() =>
      loadApiConfig(
        {
          DATABASE_URL: 'postgresql://u@h/db',
          OIDC_ISSUER: 'id.example.com',
          OIDC_ROLE_MAPPING: 'tt-admins=owner',
          OIDC_LINK_BY: 'name',
          OIDC_SCOPES: 'email',
        },
        '/x',
        false,
      ),
    ).toThrow(/OIDC_ISSUER[\s\S]*OIDC_SCOPES[\s\S]*OIDC_LINK_BY[\s\S]*OIDC_ROLE_MAPPING/);
  });

  it('reads CORS origins as a trimmed list and body limits in body-parser units', () => {
    const config = loadApiConfig(
      {
        DATABASE_URL: 'postgresql://u@h/db',
        CORS_ORIGINS: ' https://app.example.com, http://localhost:5173/ ,',
        BODY_LIMIT: '512kb',
      },
      '/x',
    );
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.bodyLimitBytes).toBe(512 * 1024);
    const bigger = loadApiConfig({ DATABASE_URL: 'postgresql://u@h/db', BODY_LIMIT: '2.5MB' }, '/x');
    expect(bigger.bodyLimitBytes).toBe(2.5 * 1024 * 1024);
  });

  it.each([
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://app.example.com/admin'],
    ['CORS_ORIGINS', 'app.example.com'],
    ['CORS_ORIGINS', 'ftp://files.example.com'],
    ['BODY_LIMIT', 'lots'],
    ['BODY_LIMIT', '10'],
    ['BODY_LIMIT', '2gb'],
    ['DATABASE_REPLICA_URL', 'mysql://replica/db'],
  ])('rejects %s=%s', (key, value) => {
    expect(() => loadApiConfig({ DATABASE_URL: 'postgresql://u@h/db', [key]: value }, '/x')).toThrow(
      new RegExp(`${key}: must`),
    );
  });

  it('takes an optional read replica for reports', () => {
    const url = 'postgresql://reader@replica.internal/db';
    expect(
      loadApiConfig({ DATABASE_URL: 'postgresql://u@h/db', DATABASE_REPLICA_URL: url }, '/x'),
    ).toMatchObject({
      databaseUrl: 'postgresql://u@h/db',
      databaseReplicaUrl: url,
    });
  });

  it('lists every bad key at once, not just the first', () => {
    let error: unknown;
    try {
      loadApiConfig(
        { DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' },
        '/x',
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    for (const key of ['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'TRUST_PROXY'])
      expect(issues).toContain(`${key}:`);
    expect((error as ConfigError).issues).toHaveLength(4);
  });

  it('treats empty values as unset and requires DATABASE_URL', () => {
    expect(() => loadWorkerConfig({ DATABASE_URL: '' })).toThrow(/DATABASE_URL: is required/);
    expect(loadWorkerConfig({ DATABASE_URL: 'postgres://a@b/c', LOG_LEVEL: '' }).logLevel).toBe('info');
  });

  it('gives the worker its job schedules, defaulting to every minute and hourly', () => {
    const config = loadWorkerConfig({ DATABASE_URL: 'postgres://a@b/c', WORKER_IDLE_CRON: '*/2  * * * * *' });
    expect(config.schedules).toEqual({
      idleTimeout: '*/2 * * * * *',
      overdueInvoices: '0 5 * * * *',
      backupSchedule: '30 * * * * *',
      backupPoll: '*/5 * * * * *',
      housekeeping: '0 17 * * * *',
      rollupFold: '*/10 * * * * *',
      emailPoll: '*/5 * * * * *',
      webhookPoll: '*/5 * * * * *',
      weeklyDigest: '0 * * * *',
      importPoll: '*/2 * * * * *',
    });
    expect(config.backupDir).toBe(path.resolve('.data/backups'));
    expect(loadWorkerConfig({ DATABASE_URL: 'postgres://a@b/c' }).schedules.idleTimeout).toBe('0 * * * * *');
    expect(() =>
      loadWorkerConfig({ DATABASE_URL: 'postgres://a@b/c', WORKER_OVERDUE_INVOICES_CRON: 'hourly' }),
    ).toThrow(/WORKER_OVERDUE_INVOICES_CRON: must be a cron expression/);
  });

  it('reads the webhook settings: private addresses refused by default, bad values listed', () => {
    const base = { DATABASE_URL: 'postgres://a@b/c' };
    expect(loadWorkerConfig(base).webhooks).toEqual({
      allowPrivate: false,
      timeoutMs: 10_000,
      maxAttempts: 32,
    });
    expect(loadApiConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'true' }, '/x').webhookAllowPrivate).toBe(true);
    expect(
      loadWorkerConfig({
        ...base,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_TIMEOUT_MS: '2500',
        TWO_FACTOR_KEY: 'ab'.repeat(32),
      }).webhooks,
    ).toEqual({ allowPrivate: true, timeoutMs: 2500, maxAttempts: 32, secretKey: Buffer.alloc(32, 0xab) });
    expect(() =>
      loadWorkerConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'yes please', WEBHOOK_TIMEOUT_MS: '5' }),
    ).toThrow(/WEBHOOK_ALLOW_PRIVATE: must be true or false[\s\S]*WEBHOOK_TIMEOUT_MS/);
  });

  it('reads the SMTP settings: none without SMTP_HOST, the usual port per security, bad values listed', () => {
    const base = { DATABASE_URL: 'postgres://a@b/c' };
    expect(loadWorkerConfig(base).email).toEqual({
      smtp: null,
      publicUrl: 'http://localhost:3000',
      maxAttempts: 8,
    });
    expect(
      loadWorkerConfig({
        ...base,
        SMTP_HOST: 'mail.example.com',
        SMTP_USER: 'tt',
        SMTP_PASSWORD: 'secret',
        PUBLIC_URL: 'https://tt.example.com/',
      }).email,
    ).toEqual({
      smtp: {
        host: 'mail.example.com',
        port: 587,
        security: 'starttls',
        user: 'tt',
        password: 'secret',
        tlsRejectUnauthorized: true,
        timeoutMs: 30_000,
      },
      publicUrl: 'https://tt.example.com',
      maxAttempts: 8,
    });
    expect(loadWorkerConfig({ ...base, SMTP_HOST: 'm', SMTP_SECURITY: 'tls' }).email.smtp?.port).toBe(465);
    expect(() =>
      loadWorkerConfig({ ...base, SMTP_SECURITY: 'ssl', SMTP_PORT: '0', PUBLIC_URL: 'ftp://x' }),
    ).toThrow(
      /SMTP_PORT[\s\S]*SMTP_SECURITY: must be one of starttls, tls, none[\s\S]*PUBLIC_URL: must be an http/,
    );
  });
});
