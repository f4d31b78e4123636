/**
 * The process boundaries of STYLE §4 are lint rules (eslint.config.js). These cases
 * prove the rules bite: each forbidden import, placed in the folder it is forbidden
 * from, must be reported, and the same import where it is allowed must not be.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
// Text linted here is not what is on disk. Under CI (CI=true), typescript-eslint would
// otherwise assume a one-shot run and type the files as they are on disk.
process.env.TSESTREE_SINGLE_RUN = 'false';
const eslint = new ESLint({ cwd: root });
// The probes are files no tsconfig lists, so the typed rules (which need the program) are
// off for them; the import rules under test need no types.
const untyped = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await untyped.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [where: string, code: string, forbidden: boolean][] = [
  ['apps/server/src/domain/probe.ts', "import '../realtime/hub.js';", true],
  ['apps/server/src/domain/probe.ts', "import '../http/respond.js';", true],
  ['apps/server/src/domain/probe.ts', "import '../store/types.js';", false],
  ['apps/server/src/realtime/channels/probe.ts', "import './feed.js';", true],
  ['apps/server/src/realtime/probe.ts', "import '@trufflesuite/uws-js-unofficial';", true],
  ['apps/server/src/transport/uws.ts', "import '@trufflesuite/uws-js-unofficial';", false],
  ['apps/server/src/http/probe.ts', "import 'better-sqlite3';", true],
  ['apps/server/src/store/sqlite/probe.ts', "import 'better-sqlite3';", false],
  ['apps/server/src/probe.ts', "import '@parley/protocol/src/errors.js';", true],
  ['packages/protocol/src/probe.ts', "import '../../../apps/server/src/config.js';", true],
  ['apps/desktop/src/common/probe.ts', "import 'node:fs';", true],
  ['apps/desktop/src/common/probe.ts', "import '../node/app/core.js';", true],
  ['apps/desktop/src/node/probe.ts', "import 'electron';", true],
  ['apps/desktop/src/node/probe.ts', "import 'node:fs';", false],
  ['apps/desktop/src/electron-main/probe.ts', "import '../renderer/app/store.js';", true],
  ['apps/desktop/src/electron-main/probe.ts', "import 'electron';", false],
  ['apps/desktop/src/preload/probe.ts', "import '../node/app/core.js';", true],
  ['apps/desktop/src/renderer/probe.ts', "import 'node:path';", true],
  ['apps/desktop/src/renderer/probe.ts', "import 'electron';", true],
  ['apps/desktop/src/renderer/features/probe.ts', "import '../../node/cache/store.js';", true],
  ['apps/desktop/src/renderer/probe.ts', "import '../common/bridge.js';", false],
  ['apps/desktop/src/web-host/probe.ts', "import '../renderer/app/store.js';", true],
  ['e2e/specs/probe.ts', "import '../../apps/server/src/server.js';", true],
];

describe('unhandled promises in the long-running processes', () => {
  const floating = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-floating-promises').length;
  };
  it('reports a promise dropped with `void` and accepts one whose failure is handled', async () => {
    const file = 'apps/server/src/realtime/frames.ts';
    expect(await floating(file, 'export function f(): void {\n  void Promise.reject(new Error());\n}\n')).toBe(1);
    expect(await floating(file, 'export function f(): void {\n  void Promise.reject(new Error()).catch(() => undefined);\n}\n')).toBe(0);
  }, 60_000); // loads the server's TypeScript program
});

describe('boundary lint rules', () => {
  it.each(cases)('%s: %s → forbidden=%s', async (where, code, forbidden) => {
    const messages = await restricted(where, `${code}\nexport {};\n`);
    expect(messages.length > 0).toBe(forbidden);
  });
});
