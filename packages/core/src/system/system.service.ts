import type { SystemInfoResponse } from '@timetracker/contracts';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { SystemRepository } from './system.repository';

/** Facts about the installation for the dashboard's System page: admins only. */
export class SystemService {
  constructor(
    private readonly repository: SystemRepository,
    private readonly version: string,
  ) {}

  async info(actor: Principal): Promise<SystemInfoResponse> {
    if (actor.role !== 'admin') throw DomainError.forbidden('Only admins can see system details');
    const { sizeBytes, serverVersion } = await this.repository.databaseInfo();
    return { version: this.version, databaseSizeBytes: sizeBytes, serverVersion };
  }
}
