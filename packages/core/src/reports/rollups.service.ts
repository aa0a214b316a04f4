import type { JobCounts } from '../jobs/job-runs.repository';
import type { RollupsRepository } from './rollups.repository';

/**
 * Keeps the reports' rollups compact: entry writes only record deltas (so they never wait on one
 * another), which this folds into entry_rollups every few seconds. Reports are exact either way;
 * folding keeps the deltas they add up few.
 */
export class RollupsService {
  constructor(private readonly rollups: RollupsRepository) {}

  async fold(): Promise<JobCounts> {
    return { folded: await this.rollups.fold() };
  }
}
