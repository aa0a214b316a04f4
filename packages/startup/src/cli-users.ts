import { DomainError } from '@timetracker/core';
import { createAdmin } from './create-admin';
import { readNewPassword, resetTwoFactor, setPassword } from './set-password';

/** A refused request as one line on stderr; its exit code (1 missing/taken, 65 refused input). */
function reportDomainError(err: DomainError): number {
  const fields = err.extra.fieldErrors?.map((f) => `${f.path} ${f.message}`).join('; ');
  console.error(`[startup] error: ${err.message}${fields ? `: ${fields}` : ''}`);
  return err.code === 'NOT_FOUND' || err.code === 'CONFLICT' ? 1 : 65;
}

async function exitCodeOf(run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return 0;
  } catch (err) {
    if (err instanceof DomainError) return reportDomainError(err);
    throw err;
  }
}

/** `timetracker set-password <username>`: 0 set, 1 unknown user, 65 refused by the policy. */
export async function setPasswordCommand(url: string, username: string): Promise<number> {
  const password = await readNewPassword();
  return exitCodeOf(async () => {
    const name = await setPassword(url, username, password);
    console.log(`password set for "${name}"; their sessions and API tokens were ended`);
  });
}

/** `timetracker create-admin <username>`: 0 created, 1 username taken, 65 refused username or password. */
export async function createAdminCommand(url: string, username: string): Promise<number> {
  const password = await readNewPassword();
  return exitCodeOf(async () => {
    const name = await createAdmin(url, username, password);
    console.log(`admin "${name}" created; they can sign in now`);
  });
}

/** `timetracker reset-two-factor <username>`: 0 reset, 1 unknown user. */
export async function resetTwoFactorCommand(url: string, username: string): Promise<number> {
  return exitCodeOf(async () => {
    const name = await resetTwoFactor(url, username);
    console.log(`second factor of "${name}" reset; they sign in with the password alone and set it up again`);
  });
}
