// Lint: recommended JS + TypeScript rules; type checking itself is `npm run typecheck`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'dev-dist', 'node_modules', '**/node_modules', '**/.wrangler', 'test-results', 'playwright-report', 'screenshots'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // French typography puts no-break spaces before : ; ! ? and inside « »: allowed in the dictionaries' text.
    files: ['src/i18n/*.ts'],
    rules: { 'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }] },
  },
  {
    // Every random choice the app makes comes from the CSPRNG (docs/security.md); tests may use anything.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use secureRandom() (src/host/random.ts) or crypto.getRandomValues.' },
      ],
    },
  },
);
