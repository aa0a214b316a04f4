import { loadApiConfig } from '@timetracker/core';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_USERNAME } from '@timetracker/startup/testing';
import request from 'supertest';
import { createApp, type ApiApp } from '../src/app';

export const ADMIN = { username: TEST_ADMIN_USERNAME, password: TEST_ADMIN_PASSWORD };

export async function startApi(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiApp> {
  const app = await createApp(
    loadApiConfig(
      {
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        // Every shaped answer is also checked against zod (ShapedJson): the suite proves that
        // the JSON writers and the schemas agree on every answer it sees.
        NODE_ENV: 'test',
        ...env,
      },
      '/nonexistent',
    ),
  );
  await app.init();
  return app;
}

/** A signed-in browser: a cookie jar plus the CSRF token the dashboard would echo on writes. */
export async function signIn(app: ApiApp, creds: { username: string; password: string }) {
  const agent = request.agent(app.getHttpServer());
  const res = await agent.post('/api/v1/auth/login').send(creds).expect(200);
  return {
    agent,
    csrf: res.body.csrfToken as string,
    user: res.body.user as { id: number; username: string },
  };
}
