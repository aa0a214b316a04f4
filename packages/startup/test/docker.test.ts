import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './support';

/**
 * No Docker engine here: what can be checked without one is. The files parse, reference only
 * files that exist, keep the rules the issue set (slim Node 20, non-root, production deps only,
 * readiness health check, startup before the apps), and every variable is documented.
 */
/** Parsed YAML: shapes are asserted by the tests themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const yamlOf = (file: string) => parse(read(file), { merge: true }) as Record<string, Yaml>;

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => ({ from: m[1], name: m[2] }));

  it('builds api, worker and startup targets on a slim Node 20 base, running as a non-root user', () => {
    expect(stages.map((s) => s.name)).toEqual(
      expect.arrayContaining(['build', 'runtime', 'api', 'worker', 'startup']),
    );
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-[a-z]+-slim$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('--omit=dev');
    expect(dockerfile).toMatch(/HEALTHCHECK .*docker\/healthcheck\.mjs/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["\/app\/docker\/entrypoint\.sh"\]/);
  });

  it('copies only files that exist, and runs the scripts the tests run', () => {
    for (const m of dockerfile.matchAll(/\/app\/(docker\/\S+)/g)) {
      const file = m[1]!.replace(/["\],]+$/, '');
      expect(existsSync(path.join(repoRoot, file)), file).toBe(true);
    }
    // The build's commands are the root package's scripts.
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    for (const m of dockerfile.matchAll(/npm run ([a-z:-]+)/g)) expect(scripts).toHaveProperty(m[1]!);
  });
});

describe('docker/compose.yml', () => {
  const compose = yamlOf('docker/compose.yml');
  const services = compose.services as Record<string, Yaml>;

  it('runs startup once after PostgreSQL is healthy, then the api and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'startup', 'worker']);
    expect(services.startup.depends_on.postgres.condition).toBe('service_healthy');
    expect(services.startup.restart).toBe('no');
    for (const app of ['api', 'worker'])
      expect(services[app].depends_on.startup.condition).toBe('service_completed_successfully');
    expect(services.startup.build.target).toBe('startup');
    expect(services.api.build.target).toBe('api');
    expect(services.worker.build.target).toBe('worker');
  });

  it('keeps the database and the backups on named volumes shared by api and worker', () => {
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'backups']));
    expect(services.postgres.volumes[0]).toMatch(/^pgdata:/);
    for (const app of ['startup', 'api', 'worker']) {
      expect(services[app].volumes).toContain('backups:/app/backups');
      expect(services[app].environment.BACKUP_DIR).toBe('/app/backups');
    }
  });

  it('scales to two api replicas and two workers behind a proxy', () => {
    const scale = yamlOf('docker/compose.scale.yml').services;
    expect(scale.api.deploy.replicas).toBe(2);
    expect(scale.worker.deploy.replicas).toBe(2);
    expect(scale.proxy.depends_on.api.condition).toBe('service_healthy');
    const mount = scale.proxy.volumes[0] as string;
    expect(existsSync(path.join(repoRoot, 'docker', mount.split(':')[0]!))).toBe(true);
    expect(read('docker/nginx.conf')).toMatch(/server api:3000 resolve;/);
  });
});

describe('configuration is documented', () => {
  /** Every variable a zod env schema reads (core's and startup's), plus the entrypoint's. */
  const variables = [
    ...new Set([
      ...[...read('packages/core/src/config/env.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map(
        (m) => m[1]!,
      ),
      ...[...read('packages/core/src/config/oidc-env.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map(
        (m) => m[1]!,
      ),
      ...[...read('packages/startup/src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!),
      ...[...read('docker/entrypoint.sh').matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!),
      ...[...read('docker/compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!),
    ]),
  ].filter((v) => v !== 'APP_DIR'); // entrypoint.sh's hook for the tests, not configuration

  it('in .env.example and docs/configuration.md, every variable', () => {
    expect(variables).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'METRICS_TOKEN', 'RUN_STARTUP', 'POSTGRES_PASSWORD']),
    );
    const example = read('.env.example');
    const docs = read('docs/configuration.md');
    expect(variables.filter((v) => !new RegExp(`^${v}=`, 'm').test(example))).toEqual([]);
    expect(variables.filter((v) => !docs.includes(`\`${v}\``))).toEqual([]);
  });
});

describe('.github/workflows/ci.yml', () => {
  const ci = yamlOf('.github/workflows/ci.yml');
  const steps = Object.values(ci.jobs as Record<string, { steps: { run?: string }[] }>).flatMap(
    (j) => j.steps,
  );
  const runs = steps.map((s) => s.run ?? '').join('\n');

  it('runs every command of .ci/run (the local truth)', () => {
    const local = read('.ci/run')
      .split('\n')
      .filter((l) => /^(?:npm|npx|node|TEST_DATABASE_URL=)/.test(l))
      .map((l) => l.replace(/^TEST_DATABASE_URL=\S+ /, ''));
    expect(local.length).toBeGreaterThan(3);
    for (const command of local) expect(runs, command).toContain(command);
  });

  it('tests on PostgreSQL 15 to 18 and builds every image', () => {
    const matrixJob = Object.values(ci.jobs as Record<string, Yaml>).find(
      (j) => j.strategy?.matrix?.postgres,
    );
    expect(matrixJob.strategy.matrix.postgres).toEqual(['15', '16', '17', '18']);
    expect(matrixJob.services.postgres.image).toBe('postgres:${{ matrix.postgres }}');
    for (const target of ['api', 'worker', 'startup']) expect(runs).toContain(`--target ${target}`);
  });
});

describe('docker/healthcheck.mjs', () => {
  const check = (port: number) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'docker', 'healthcheck.mjs')], {
        env: { PATH: process.env.PATH!, PORT: String(port) },
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
  const serve = (status: number) =>
    new Promise<Server>((resolve) => {
      const server = createServer((req, res) => {
        res.writeHead(req.url === '/api/v1/health/ready' ? status : 404).end('{}');
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });

  it('is healthy only while readiness answers 200', async () => {
    for (const [status, code] of [
      [200, 0],
      [503, 1],
    ] as const) {
      const server = await serve(status);
      try {
        expect(await check((server.address() as { port: number }).port)).toBe(code);
      } finally {
        await new Promise((r) => server.close(r));
      }
    }
    expect(await check(1)).toBe(1); // nothing listening
  });
});
