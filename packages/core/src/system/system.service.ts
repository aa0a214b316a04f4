import type { SystemInfoResponse } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import type { SystemRepository } from './system.repository';

/** Facts about the installation for the dashboard's System page: admins only. */
export class SystemService {
  constructor(
    private readonly repository: SystemRepository,
    private readonly version: string,
  ) {}

  async info(actor: Principal): Promise<SystemInfoResponse> {
    authorize(actor, 'system.see');
    const { sizeBytes, serverVersion } = await this.repository.databaseInfo();
    return { version: this.version, databaseSizeBytes: sizeBytes, serverVersion };
  }
}
