import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support';

/** Every vitest configuration of the workspaces: each package's own, and the dashboard's Vite one. */
function vitestConfigs(): string[] {
  const found: string[] = [];
  for (const group of ['apps', 'packages', 'bench']) {
    const dirs = group === 'bench' ? [''] : readdirSync(path.join(repoRoot, group));
    for (const dir of dirs) {
      for (const name of ['vitest.config.mts', 'vitest.config.ts', 'vite.config.ts']) {
        const file = path.join(group, dir, name);
        if (
          existsSync(path.join(repoRoot, file)) &&
          /\btest:\s*\{/.test(readFileSync(path.join(repoRoot, file), 'utf8'))
        )
          found.push(file);
      }
    }
  }
  return found;
}

describe('test configurations', () => {
  it('run every suite in a shuffled order, each project included', () => {
    const configs = vitestConfigs();
    expect(configs).toEqual(
      expect.arrayContaining(['apps/api/vitest.config.mts', 'apps/admin/vite.config.ts']),
    );
    for (const file of configs) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      // A project that does not extend the root config needs its own.
      const projects = text.split(/\n\s+\{\n(?=(?:\s+\/\/.*\n)*\s+(?:extends|test):)/).slice(1);
      const standalone = projects.filter((p) => !/extends: true/.test(p));
      expect(text, file).toMatch(/sequence: \{ shuffle: true \}/);
      for (const project of standalone)
        expect(project, `${file}: ${project.slice(0, 80)}`).toMatch(/shuffle: true/);
    }
  });
});
