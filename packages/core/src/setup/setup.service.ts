import type { SetupItemKey, SetupResponse } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { missingCompanyDetails } from './company-details';
import type { SetupRepository } from './setup.repository';

/**
 * The first-run checklist: what an admin sets up before the instance is used for real. Time
 * zone, currency and sign-up have working defaults, so they count as done once an admin has
 * saved the settings (reviewed them); company details once they are no longer the placeholders.
 */
export class SetupService {
  constructor(private readonly setup: SetupRepository) {}

  async checklist(actor: Principal): Promise<SetupResponse> {
    authorize(actor, 'setup.see');
    const { settings: s, hasClient, hasProject } = await this.setup.state();
    if (!s) throw new DomainError('INVALID_STATE', 'The settings row is missing; restart to seed it');
    const missing = missingCompanyDetails(s);
    const reviewed = s.updatedAt.getTime() > s.createdAt.getTime();
    const items: SetupResponse['items'] = [
      {
        key: 'company',
        done: missing.length === 0,
        detail: missing.length === 0 ? s.companyName : 'Company name and address are still the placeholders',
      },
      { key: 'timezone', done: reviewed, detail: s.timezone },
      { key: 'currency', done: reviewed, detail: s.currency },
      { key: 'signUp', done: reviewed, detail: s.allowSelfRegister ? 'Open' : 'Closed' },
      { key: 'client', done: hasClient, detail: hasClient ? 'Added' : 'Only the example client so far' },
      { key: 'project', done: hasProject, detail: hasProject ? 'Added' : 'Only the example project so far' },
    ] satisfies { key: SetupItemKey; done: boolean; detail: string }[];
    const complete = items.every((i) => i.done);
    const dismissed = s.setupDismissedAt !== null;
    return { items, complete, dismissed, show: !(complete && dismissed) };
  }

  /** Only a complete checklist can be put away: an incomplete one is what a fresh install needs. */
  async dismiss(actor: Principal, now = new Date()): Promise<SetupResponse> {
    authorize(actor, 'setup.see');
    const current = await this.checklist(actor);
    if (!current.complete) {
      const open = current.items.filter((i) => !i.done).map((i) => i.key);
      throw new DomainError('INVALID_STATE', `The checklist is not complete yet: ${open.join(', ')}`);
    }
    await this.setup.dismiss(now);
    return { ...current, dismissed: true, show: false };
  }
}
