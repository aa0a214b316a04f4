import { generatePassword, hashPassword } from '@timetracker/core';
import type { Client } from 'pg';

export interface SeedOptions {
  adminUsername: string;
  /** When absent and a password is needed, one is generated and returned (printed once). */
  adminPassword?: string;
}

export interface SeedResult {
  inserted: string[];
  /** Set when this run gave the admin a password; the caller prints it once. */
  adminCredentials?: { username: string; password: string; generated: boolean };
}

export const DEFAULT_CLIENT_NAME = 'Default Client';
export const DEFAULT_PROJECT_NAME = 'General';

/**
 * Idempotent seed, run under the startup lock: the settings row, a first admin, and a default
 * client + "General" project on a database that has no project yet. A second run inserts
 * nothing; deleting or renaming the defaults later is respected (they are not re-created).
 */
export async function seedDefaults(client: Client, options: SeedOptions): Promise<SeedResult> {
  const inserted: string[] = [];
  let adminCredentials: SeedResult['adminCredentials'];
  const username = options.adminUsername.trim().toLowerCase();

  await client.query('BEGIN');
  try {
    // A fresh install starts with sign-up closed: until an admin opens it, nobody who merely
    // reaches the port gets an account. An existing row (an adopted database) keeps its value.
    const settings = await client.query(
      `INSERT INTO settings (id, allow_self_register) VALUES (1, false) ON CONFLICT (id) DO NOTHING RETURNING id`,
    );
    if (settings.rowCount) inserted.push('settings row');

    const admins = await client.query<{ id: number }>(
      `SELECT id FROM users WHERE role = 'admin' AND is_active ORDER BY id LIMIT 1`,
    );
    const named = await client.query<{ id: number; role: string; has_password: boolean }>(
      `SELECT id, role, password_hash IS NOT NULL AS has_password FROM users WHERE lower(btrim(username)) = $1`,
      [username],
    );
    const existing = named.rows[0];
    const needsAdmin = admins.rowCount === 0;
    // An adopted admin has no password and could never sign in: give the configured one a password.
    const needsPassword = existing
      ? !existing.has_password && (needsAdmin || existing.role === 'admin')
      : needsAdmin;
    if (needsAdmin || needsPassword) {
      const password = options.adminPassword ?? generatePassword();
      const hash = await hashPassword(password);
      if (!existing) {
        await client.query(
          `INSERT INTO users (username, role, password_hash, is_active) VALUES ($1, 'admin', $2, true)`,
          [username, hash],
        );
        inserted.push(`admin user "${username}"`);
      } else {
        await client.query(
          `UPDATE users SET role = 'admin', is_active = true,
                  password_hash = CASE WHEN password_hash IS NULL THEN $2 ELSE password_hash END
            WHERE id = $1`,
          [existing.id, hash],
        );
        inserted.push(needsAdmin ? `admin role for "${username}"` : `password for admin "${username}"`);
      }
      if (!existing || needsPassword) {
        adminCredentials = { username, password, generated: options.adminPassword === undefined };
      }
    }

    const projects = await client.query<{ n: string }>(`SELECT count(*) AS n FROM projects`);
    if (Number(projects.rows[0]?.n) === 0) {
      const c = await client.query<{ id: number }>(
        `INSERT INTO clients (name) VALUES ($1)
           ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
         RETURNING id, (xmax = 0) AS created`,
        [DEFAULT_CLIENT_NAME],
      );
      if ((c.rows[0] as unknown as { created: boolean }).created)
        inserted.push(`client "${DEFAULT_CLIENT_NAME}"`);
      await client.query(
        `INSERT INTO projects (name, client_id, description, billable) VALUES ($1, $2, $3, true)`,
        [DEFAULT_PROJECT_NAME, c.rows[0]?.id, 'Default project for general tasks'],
      );
      inserted.push(`project "${DEFAULT_PROJECT_NAME}"`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  return { inserted, adminCredentials };
}
