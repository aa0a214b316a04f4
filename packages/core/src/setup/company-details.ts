// The rule lives in the contracts, shared with the dashboard (which says so before a PDF fails).
export { COMPANY_PLACEHOLDERS, missingCompanyDetails } from '@timetracker/contracts';

/**
 * The client and project packages/startup's seed creates so that time can be tracked at once:
 * the checklist asks for a first one of the company's own.
 */
export const SEEDED_CLIENT_NAME = 'Default Client';
export const SEEDED_PROJECT_NAME = 'General';
