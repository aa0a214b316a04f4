import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The repository's own lint configuration, run on snippets placed (virtually) where they would
// live: the layering rules must fire where a rule would lose its one home, and nowhere else.
const root = `${path.resolve(__dirname, '../../..')}/`;
const eslint = new ESLint({ cwd: root });

async function rulesFired(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

const dbImport = "import type { Prisma } from '@timetracker/db';\nexport type W = Prisma.TaskWhereInput;\n";
const envRead = 'export const dir = process.env.BACKUP_DIR;\n';

describe('layering lint rules', () => {
  it('refuse the database client in services, views and the apps’ controllers', async () => {
    for (const file of [
      'packages/core/src/tasks/tasks.service.ts',
      'packages/core/src/invoices/invoice.view.ts',
      'apps/api/src/tasks/tasks.controller.ts',
      'apps/admin/src/lib/api.ts',
    ]) {
      expect(await rulesFired(dbImport, file)).toContain('@typescript-eslint/no-restricted-imports');
    }
    expect(
      await rulesFired("import { x } from '@prisma/client';\nexport { x };\n", 'apps/api/src/x.ts'),
    ).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('allow it in repositories, packages/db, startup and the composition roots', async () => {
    for (const file of [
      'packages/core/src/tasks/tasks.repository.ts',
      'packages/db/src/index.ts',
      'packages/startup/src/seed.ts',
      'apps/api/src/tasks/tasks.module.ts',
    ]) {
      expect(await rulesFired(dbImport, file)).toEqual([]);
    }
  });

  it('refuse process.env outside the config modules', async () => {
    expect(await rulesFired(envRead, 'apps/api/src/backups/backups.module.ts')).toContain(
      'no-restricted-properties',
    );
    expect(
      await rulesFired('const { env } = process;\nexport { env };\n', 'packages/core/src/x.ts'),
    ).toContain('no-restricted-properties');
    expect(
      await rulesFired("import { env } from 'node:process';\nexport { env };\n", 'packages/core/src/x.ts'),
    ).toContain('no-restricted-syntax');
    expect(await rulesFired(envRead, 'packages/core/src/config/env.ts')).toEqual([]);
    expect(await rulesFired(envRead, 'apps/worker/src/main.ts')).toEqual([]);
  });

  it('refuse role checks in services: the access policy says who may do what', async () => {
    const check = "export const f = (actor: { role: string }) => actor.role === 'admin';\n";
    expect(await rulesFired(check, 'packages/core/src/clients/clients.service.ts')).toContain(
      'no-restricted-syntax',
    );
    expect(await rulesFired(check, 'packages/core/src/access/policy.ts')).toEqual([]);
    const guard = "export const g = (principal: { role: string }) => principal.role !== 'admin';\n";
    expect(await rulesFired(guard, 'apps/api/src/auth/auth.guard.ts')).toContain('no-restricted-syntax');
  });
});
