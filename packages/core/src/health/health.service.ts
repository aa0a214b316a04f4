import type { ReadinessCheck } from '@timetracker/contracts';
import type { JobStatusService, JobStatusView } from '../jobs/job-status.service';
import type { HealthRepository } from './health.repository';

export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly repository: HealthRepository,
    private readonly version: string,
    private readonly jobs?: JobStatusService,
  ) {}

  liveness(now: number = Date.now()) {
    return {
      status: 'ok' as const,
      version: this.version,
      uptimeSeconds: Math.floor((now - this.startedAt) / 1000),
    };
  }

  /** Pings the database, giving up after `timeoutMs` so a hung server cannot hang the probe. */
  async checkDatabase(timeoutMs = 2_000): Promise<ReadinessCheck> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.repository.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { status: 'down', error: shortReason(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Whether every migration this build knows is applied (and none failed): an API whose schema
   * is ahead of the database's must not take traffic until startup has run. Migrations newer
   * than this build (applied by a newer version during a rolling upgrade) do not count.
   */
  async checkMigrations(expected: readonly string[]): Promise<ReadinessCheck> {
    const started = performance.now();
    try {
      const { applied, failed } = await this.repository.migrations();
      if (failed.length > 0) return { status: 'down', error: `failed migration(s): ${failed.join(', ')}` };
      const done = new Set(applied);
      const pending = expected.filter((name) => !done.has(name));
      if (pending.length > 0) {
        const shown = pending.slice(0, 3).join(', ') + (pending.length > 3 ? ', …' : '');
        return {
          status: 'down',
          error: `${pending.length} migration(s) not applied (${shown}): run startup`,
        };
      }
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { status: 'down', error: shortReason(err) };
    }
  }

  /**
   * The workers' jobs' last runs. Never fails the probe: a readiness check that errors because
   * job history is unreadable would take a working API out of rotation.
   */
  async checkJobs(): Promise<JobStatusView[] | undefined> {
    try {
      return await this.jobs?.status();
    } catch {
      return undefined;
    }
  }
}

/** A reason an operator can act on, without connection strings or stack traces. */
function shortReason(err: unknown): string {
  const e = err as {
    code?: string;
    message?: string;
    meta?: {
      driverAdapterError?: {
        cause?: { kind?: string; host?: string; port?: number; originalMessage?: string };
      };
    };
  };
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause?.kind === 'DatabaseNotReachable') return `database not reachable at ${cause.host}:${cause.port}`;
  if (cause?.kind) return cause.originalMessage ? `${cause.kind}: ${cause.originalMessage}` : cause.kind;
  // Prisma puts the useful part on the last line ("Message: `...`").
  const message = (e.message ?? 'unknown error')
    .trim()
    .split('\n')
    .at(-1)!
    .replace(/\/\/[^@\s]*@/g, '//');
  return (e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message).slice(0, 200);
}
