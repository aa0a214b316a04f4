// Flat config shared by every workspace; each package runs `eslint src` from its own folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import regexp from 'eslint-plugin-regexp';

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
  prettier,
);
