import type { IdleTimersRepository } from './idle-timers.repository';

/**
 * The idle-timeout rule (ARCHITECTURE §4): a timer whose user has shown no activity (heartbeat
 * or authenticated write) for settings.idle_timeout_minutes is stopped at that last activity and
 * marked as stopped for being idle. Run by the worker every minute.
 */
export class IdleTimersService {
  constructor(private readonly repository: IdleTimersRepository) {}

  /** An entry is stopped once its user's last activity is at least the timeout before `now`. */
  async stopIdleTimers(now: Date): Promise<{ stopped: number }> {
    return { stopped: await this.repository.stopIdleSince(now) };
  }
}
