import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The migrations this build of the API expects applied: the folders of prisma/migrations, which
 * ship with it (the repository, or /app in the image). Read once at start.
 */
export function expectedMigrations(
  dir = path.resolve(__dirname, '..', '..', '..', '..', 'prisma', 'migrations'),
): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && /^\d{14}_/.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    // Without the folder only failed migrations are caught; readiness still checks those.
    return [];
  }
}
