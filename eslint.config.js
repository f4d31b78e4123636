// Lint rules, including the process-boundary rules of STYLE §4: who may import what is
// data here, checked on every `npm test`, not left to review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Builds a no-restricted-imports rule from [regex, reason] pairs. */
function forbid(...rules) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: rules.map(([regex, message]) => ({ regex, message })) },
    ],
  };
}

const NO_DEEP_PROTOCOL = ['^@parley/protocol/.+', 'import @parley/protocol from its index only'];
const NO_NODE_BUILTINS = ['^node:|^(fs|path|os|child_process|worker_threads|net|http|crypto)$', 'no Node built-ins in this environment'];
const NO_ELECTRON = ['^electron$', 'electron is only for src/electron-main and src/preload'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'e2e/artifacts/**', 'e2e/test-results/**', 'bench/results/**', 'apps/desktop/release/**', 'apps/desktop/.electron-native/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...forbid(NO_DEEP_PROTOCOL),
    },
  },
  {
    // Tests read arbitrary JSON off the wire; typing every probe would add noise, not safety.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/protocol/**/*.ts'],
    rules: forbid(['^@parley/(?!protocol$)', 'protocol depends on nothing in apps/'], ['apps/', 'protocol depends on nothing in apps/']),
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: forbid(
      NO_DEEP_PROTOCOL,
      ['^@parley/desktop', 'the server never imports the desktop app'],
      ['desktop/', 'the server never imports the desktop app'],
      ['^@trufflesuite/uws-js-unofficial$', 'import uWebSockets.js only through src/transport/uws.ts'],
      ['^better-sqlite3$', 'import better-sqlite3 only inside src/store/sqlite/'],
    ),
  },
  { files: ['apps/server/src/transport/uws.ts'], rules: forbid(NO_DEEP_PROTOCOL) },
  { files: ['apps/server/src/store/sqlite/**/*.ts'], rules: forbid(NO_DEEP_PROTOCOL, ['^@trufflesuite/', 'no transport in the store']) },
  {
    files: ['apps/server/src/domain/**/*.ts'],
    rules: forbid(
      NO_DEEP_PROTOCOL,
      ['(^|/)(realtime|http|transport)/', 'domain/ never imports realtime/, http/ or transport/'],
      ['^@trufflesuite/|^better-sqlite3$', 'domain rules sit above storage and transport'],
    ),
  },
  {
    files: ['apps/server/src/realtime/channels/**/*.ts'],
    rules: forbid(NO_DEEP_PROTOCOL, ['^\\./(?!types)', 'channels never import each other; share through realtime/']),
  },
  {
    files: ['apps/desktop/src/common/**/*.ts'],
    rules: forbid(
      NO_DEEP_PROTOCOL,
      NO_NODE_BUILTINS,
      NO_ELECTRON,
      ['^(react|react-dom|@reduxjs/toolkit|better-sqlite3|ws)$', 'common/ holds contracts only'],
      ['^\\.\\./', 'common/ imports no other desktop folder'],
    ),
  },
  {
    files: ['apps/desktop/src/node/**/*.ts'],
    rules: forbid(NO_DEEP_PROTOCOL, NO_ELECTRON, ['(^|/)(renderer|preload|electron-main|web-host)/', 'node/ is the Electron-free core']),
  },
  {
    files: ['apps/desktop/src/electron-main/**/*.ts'],
    rules: forbid(NO_DEEP_PROTOCOL, ['(^|/)(renderer|preload|web-host)/', 'main talks to the renderer only over the bridge']),
  },
  {
    files: ['apps/desktop/src/preload/**/*.ts'],
    rules: forbid(NO_DEEP_PROTOCOL, ['(^|/)(node|electron-main|renderer|web-host)/', 'the preload only exposes the bridge contract']),
  },
  {
    files: ['apps/desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      NO_DEEP_PROTOCOL,
      NO_NODE_BUILTINS,
      NO_ELECTRON,
      ['^(better-sqlite3|ws)$', 'the renderer has no Node modules'],
      ['(^|/)(node|electron-main|preload|web-host)/', 'the renderer reaches main only through the bridge'],
    ),
  },
  {
    files: ['apps/desktop/src/web-host/**/*.ts'],
    rules: forbid(NO_DEEP_PROTOCOL, NO_ELECTRON, ['(^|/)(renderer|electron-main|preload)/', 'the web host runs node/ services, not UI internals']),
  },
  {
    files: ['e2e/**/*.ts'],
    rules: forbid(NO_DEEP_PROTOCOL, ['apps/[^/]+/src/', 'e2e drives the public run commands, not app internals']),
  },
  {
    // The long-running processes: a promise nobody handles is a failure nobody hears of,
    // or an unhandled rejection that ends the process. `void` alone does not count as
    // handling it. Typed linting, so only where it pays (it needs the programs loaded).
    files: ['apps/server/src/**/*.ts', 'apps/desktop/src/node/**/*.ts', 'apps/desktop/src/electron-main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: {
      parserOptions: {
        project: ['apps/server/tsconfig.json', 'apps/desktop/tsconfig.node.json', 'apps/desktop/tsconfig.electron-main.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
);
