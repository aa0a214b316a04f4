import { SETTINGS_LOGO_PATH } from '@timetracker/contracts';
import { authorize, may } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { SettingsChanges, SettingsRepository, SettingsRow } from './settings.repository';

export interface SettingsView extends Omit<SettingsRow, 'companyLogoFileId' | 'updatedAt'> {
  logoUrl: string | null;
  updatedAt: string;
}

export function toSettingsView(row: SettingsRow): SettingsView {
  const { companyLogoFileId, updatedAt, ...rest } = row;
  return {
    ...rest,
    logoUrl: companyLogoFileId === null ? null : SETTINGS_LOGO_PATH,
    updatedAt: updatedAt.toISOString(),
  };
}

/**
 * What every signed-in user reads: all but the company's tax id and bank details, which only
 * invoices (an admin's business) print.
 */
export type MemberSettingsView = Omit<SettingsView, 'companyTaxId' | 'companyBankInfo'>;

export function toMemberSettingsView(view: SettingsView): MemberSettingsView {
  const { companyTaxId: _taxId, companyBankInfo: _bankInfo, ...rest } = view;
  return rest;
}

/** Told about every change this process makes, so in-process caches need not wait to expire. */
export type SettingsListener = (view: SettingsView) => void;

/**
 * The instance's settings (the single `settings` row). Everyone signed in may read them (the
 * dashboard needs the time zone, currency and rounding), all but the tax id and bank details,
 * which only admins see; only admins change them. A change
 * applies from now on: nothing here touches entries or invoices already made.
 */
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly listeners: SettingsListener[] = [],
  ) {}

  async get(actor: Principal): Promise<SettingsView | MemberSettingsView> {
    const row = await this.settings.find();
    // Startup always seeds the row; its absence means the database was not prepared.
    if (!row) throw DomainError.notFound('Settings');
    const view = toSettingsView(row);
    return may(actor, 'settings.readPrivate') ? view : toMemberSettingsView(view);
  }

  /** Input is already validated by the contract (zones, codes, ranges); this applies it. */
  async update(actor: Principal, changes: SettingsChanges): Promise<SettingsView> {
    authorize(actor, 'settings.change');
    const view = toSettingsView(await this.settings.update(changes));
    for (const listener of this.listeners) listener(view);
    return view;
  }
}
