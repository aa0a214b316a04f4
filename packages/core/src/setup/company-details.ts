/**
 * What a fresh install holds until an admin fills the company in: the columns' defaults (the
 * original app's too, so adopted databases may still hold them).
 */
export const COMPANY_PLACEHOLDERS = {
  companyName: 'Your Company Name',
  companyAddress: 'Your Company Address',
} as const;

/** The company fields an invoice cannot go out without that are empty or still placeholders. */
export function missingCompanyDetails(s: { companyName: string; companyAddress: string }): string[] {
  const missing: string[] = [];
  for (const [field, placeholder] of Object.entries(COMPANY_PLACEHOLDERS) as [
    keyof typeof COMPANY_PLACEHOLDERS,
    string,
  ][]) {
    const value = s[field].trim();
    if (value === '' || value === placeholder) missing.push(field);
  }
  return missing;
}

/**
 * The client and project packages/startup's seed creates so that time can be tracked at once:
 * the checklist asks for a first one of the company's own.
 */
export const SEEDED_CLIENT_NAME = 'Default Client';
export const SEEDED_PROJECT_NAME = 'General';
