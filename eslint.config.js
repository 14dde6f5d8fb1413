// Lint: recommended JS + TypeScript rules, plus the import boundaries between the folders of src/ (the layers of
// docs/architecture.md). Type checking itself is `npm run typecheck`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Tests may reach anything (fixtures, fakes, node:*): the boundaries are for the code that ships. */
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

/** Screens and their libraries: what `protocol` and `store` must never import (they sit below every screen). */
const UI_IMPORTS = [
  { regex: '(^|/)(ui|host|play)(/|$)', message: 'This layer sits below the screens: it never imports src/ui, src/host or src/play.' },
  { regex: '^(preact|@preact/|preact-iso)', message: 'This layer sits below the screens: no UI library here.' },
];

/** Browser and runtime APIs the engine never touches: time and randomness come in as arguments (docs/architecture.md). */
const ENGINE_BANNED_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch',
  'WebSocket', 'RTCPeerConnection', 'crypto', 'performance', 'setTimeout', 'setInterval', 'clearTimeout',
  'clearInterval', 'requestAnimationFrame', 'queueMicrotask', 'process', 'require',
].map((name) => ({ name, message: 'The engine is pure: no browser or runtime API (pass what it needs as an argument).' }));

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
    // Every random choice the app makes comes from the CSPRNG (docs/security.md); tests may use anything. It comes
    // before the folder boundaries: a later block's no-restricted-properties replaces this one (the engine's bans both).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use secureRandom() (src/host/random.ts) or crypto.getRandomValues.' },
      ],
    },
  },
  {
    name: 'boundaries/engine',
    files: ['src/engine/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./[\\w-]+$)', message: 'The engine imports only its own modules (./name): no library, no other folder.' }] },
      ],
      'no-restricted-globals': ['error', ...ENGINE_BANNED_GLOBALS],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine takes the time as an argument (`now`).' },
        { object: 'Math', property: 'random', message: 'The engine takes randomness as an argument (`random` / `pick`).' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'The engine takes the time as an argument (`now`).' },
      ],
    },
  },
  {
    name: 'boundaries/play',
    files: ['src/play/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)host(/|$)', message: 'The phone never imports the host (its download must stay small).' }] },
      ],
    },
  },
  {
    name: 'boundaries/protocol-store',
    files: ['src/protocol/**/*.ts', 'src/store/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: UI_IMPORTS }] },
  },
);
