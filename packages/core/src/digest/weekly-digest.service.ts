import type { WeeklyDigestRepository } from './weekly-digest.repository';

/**
 * The weekly digest of time missing against each user's weekly target (docs/email.md). Run by the
 * worker's weekly-digest job (WORKER_DIGEST_CRON, hourly by default, so that each user's mail goes
 * out on their own Monday morning whatever their zone); any number of runs queue each user's mail
 * for a week once.
 */
export class WeeklyDigestService {
  constructor(private readonly digests: WeeklyDigestRepository) {}

  async queue(now: Date): Promise<{ queued: number }> {
    return { queued: await this.digests.queue(now) };
  }
}
