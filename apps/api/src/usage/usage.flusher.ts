import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { USAGE_FLUSH_INTERVAL_MS, type UsageService } from '@timetracker/core';
import { USAGE_SERVICE } from './usage.tokens';

/** Writes the pending usage counts every few seconds, and once more on shutdown. */
@Injectable()
export class UsageFlusher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UsageFlusher.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(USAGE_SERVICE) private readonly usage: UsageService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), USAGE_FLUSH_INTERVAL_MS);
    // Counting never keeps a process alive that is otherwise done.
    this.timer.unref();
  }

  /** Before the database module's shutdown hook closes the pool. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async flush(): Promise<void> {
    try {
      await this.usage.flush();
    } catch (err) {
      // Kept in memory for the next attempt; a database outage must not crash the API.
      this.logger.warn({ err }, 'could not write usage counts; retrying later');
    }
  }
}
