// Flat config shared by every workspace; each package runs `eslint src` from its own folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';
import i18next from 'eslint-plugin-i18next';

// Tests, benchmarks and build scripts set up databases and environments themselves.
const TESTS_AND_TOOLS = [
  '**/test/**',
  // The test harness (packages/startup/src/testing) that the suites share.
  '**/src/testing/**',
  '**/e2e/**',
  '**/scripts/**',
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/vite.config.ts',
  '**/vitest.config.*',
  'bench/**',
  'eslint.config.mjs',
];
const DB_MESSAGE =
  'Only repositories (packages/core/src/**/*.repository.ts), packages/db, packages/startup and the ' +
  "apps' composition roots touch the database client: give the repository a method or a type.";
const ENV_MESSAGE =
  'Read settings from the parsed config (packages/core/src/config, loaded in main.ts), not process.env.';
const PROCESS_IMPORT = {
  selector: 'ImportDeclaration[source.value=/^(node:)?process$/]',
  message: ENV_MESSAGE,
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/src/generated/**', '**/.data/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Regular expressions run on untrusted input (uploads, imports, query strings): catastrophic
  // backtracking would stall the whole server (issue #16), so super-linear patterns are errors.
  regexp.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-misleading-capturing-group': 'error',
      // Style only: explicit classes such as [A-Za-z0-9_] read better than \w or the i flag.
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  {
    // Nest reads constructor and handler parameter types at run time (decorator metadata): a DTO
    // imported with `import type` would silently lose its validation, so lint must know.
    files: ['apps/api/**/*.ts', 'apps/worker/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    // Responses are shaped by src/platform/zod-response.ts; nestjs-zod's decorator only documents
    // (the API installs no serializer interceptor), so a route using it would leak extra fields.
    files: ['apps/api/**/*.ts'],
    ignores: ['apps/api/src/platform/zod-response.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'nestjs-zod',
              importNames: ['ZodResponse', 'ZodSerializerDto', 'ZodSerializerInterceptor'],
              message:
                'Use ZodResponse from src/platform/zod-response: it parses the result with the schema.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Layers (issue #16, "one home per rule"): the database is reached only through repositories,
  // and the environment only through the config modules; the next change cannot undo that.
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: [
      ...TESTS_AND_TOOLS,
      'packages/db/**',
      // Migrations, the CLI, seeding and restore work on the database itself, before any service.
      'packages/startup/**',
      'packages/core/src/**/*.repository.ts',
      // SQL fragments the reports repository composes (its filters, shared with the exports').
      'packages/core/src/reports/report-sql.ts',
      // Their rows read from entry_rollups and entry_rollup_days for whole months and days (issue #19).
      'packages/core/src/reports/rollup-sql.ts',
      // The scope's filters both of them apply, so the two paths filter alike.
      'packages/core/src/reports/dimension-filters.ts',
      // The tag filter and names those repositories (entries, reports, exports) share.
      'packages/core/src/tags/tag-sql.ts',
      // The one rate resolution the reports, invoices and exports repositories join.
      'packages/core/src/rates/rate-sql.ts',
      // An entry's seconds and the bulk-write mark, shared by reports, invoices, mails and imports.
      'packages/core/src/time-entries/entry-sql.ts',
      // Composition roots: Nest modules hand the Prisma client to the repositories they build.
      'apps/*/src/**/*.module.ts',
      // Entry points: choose Prisma's query compiler before anything loads the client.
      'apps/*/src/main.ts',
      // The process each import runs in (apps/worker/src/jobs/import-process.ts), an entry point too.
      'apps/worker/src/import-main.ts',
      // Reads the client's pool statistics for Prometheus (no queries).
      'apps/api/src/metrics/prometheus.ts',
      // The one translation of Prisma's known request errors into problem+json.
      'apps/api/src/platform/problem.mapping.ts',
    ],
    rules: {
      // The typescript-eslint twin, so the apps' own no-restricted-imports (nestjs-zod) still applies.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@timetracker/db', message: DB_MESSAGE }],
          patterns: [{ group: ['@prisma/*', '@timetracker/db/*'], message: DB_MESSAGE }],
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: [
      ...TESTS_AND_TOOLS,
      'packages/core/src/config/**',
      'apps/*/src/main.ts',
      'packages/startup/src/config.ts',
      // The CLI checks NODE_OPTIONS for the Wasm flag; the launcher hands the environment to its children.
      'packages/startup/src/cli.ts',
      'packages/startup/src/launcher.ts',
    ],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }],
      'no-restricted-syntax': ['error', PROCESS_IMPORT],
    },
  },
  {
    // Who may do what is said once, in the access policy; services and routes ask it, never the role.
    files: ['packages/core/src/**/*.ts', 'apps/api/src/**/*.ts'],
    // (The config modules read no roles; leaving them out keeps their process import allowed.)
    ignores: ['packages/core/src/access/policy.ts', 'packages/core/src/config/**', '**/*.test.ts'],
    rules: {
      // Flat config replaces a rule's options per file, so this repeats the process import ban.
      'no-restricted-syntax': [
        'error',
        PROCESS_IMPORT,
        {
          selector: "MemberExpression[object.name=/^(actor|principal)$/][property.name='role']",
          message:
            'Ask the access policy (src/access/policy.ts: authorize, may) instead of reading the role.',
        },
      ],
    },
  },
  {
    // Text people read comes from the message catalogs (apps/admin/src/i18n): literal JSX text is
    // an error in the folders already translated (attributes such as label="…" are left to review:
    // the plugin's attribute mode also flags every string argument inside JSX expressions).
    // Second wave: the remaining features and src/app join this list once they are converted.
    files: [
      'apps/admin/src/components/**/*.tsx',
      'apps/admin/src/features/{auth,invoices,backups,system,tokens}/**/*.tsx',
      'apps/admin/src/features/account/**/*.tsx',
      'apps/admin/src/features/setup/**/*.tsx',
      'apps/admin/src/features/timesheet/**/*.tsx',
      'apps/admin/src/features/calendar/**/*.tsx',
      'apps/admin/src/features/tags/**/*.tsx',
      'apps/admin/src/app/routes/calendar-page.tsx',
      'apps/admin/src/features/time-entries/**/*.tsx',
      'apps/admin/src/features/timer/**/*.tsx',
      'apps/admin/src/features/favourites/**/*.tsx',
      'apps/admin/src/app/**/*.tsx',
      'apps/admin/src/features/settings/**/*.tsx',
      'apps/admin/src/features/reports/**/*.tsx',
      'apps/admin/src/features/clients/**/*.tsx',
      'apps/admin/src/features/projects/**/*.tsx',
      'apps/admin/src/features/tasks/**/*.tsx',
      'apps/admin/src/features/users/**/*.tsx',
    ],
    ignores: ['**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-text-only',
          // Product names and marks that read the same in every language.
          words: { exclude: ['PDF', 'CSV', '…', '—', '·'] },
        },
      ],
    },
  },
  prettier,
);
