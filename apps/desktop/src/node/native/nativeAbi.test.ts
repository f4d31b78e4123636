import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { abiMismatches, addonAbi, electronAbi, findAddons } from './nativeAbi.js';

const sqliteDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));

it('reads the ABI better-sqlite3 was built for (the Node running the tests)', async () => {
  const addons = (await findAddons(join(sqliteDir, 'build'))).filter((f) => f.endsWith('better_sqlite3.node'));
  expect(addons.length).toBeGreaterThan(0);
  expect(await addonAbi(addons[0] as string)).toBe(Number(process.versions.modules));
});

it('flags addons built for another runtime', async () => {
  const electron = await electronAbi(import.meta.url);
  expect(electron).toBeGreaterThan(Number(process.versions.modules));
  const wrong = await abiMismatches(join(sqliteDir, 'build'), electron as number);
  expect(wrong.some((m) => m.file.endsWith('better_sqlite3.node') && m.abi === Number(process.versions.modules))).toBe(true);
  expect(await abiMismatches(join(sqliteDir, 'build'), Number(process.versions.modules))).toEqual([]);
});
