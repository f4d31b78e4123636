/**
 * electron-builder `afterPack` hook: refuse to ship native addons built for the wrong
 * runtime. better-sqlite3 in the workspace is built for Node (server, tests); the app
 * needs it rebuilt for Electron's ABI (electron-builder's npmRebuild). That rebuild
 * can silently target Node instead (a `nodedir` in ~/.npmrc, see the README), and the
 * result would only crash on the user's machine — so the packaged tree is checked here.
 */
import { join } from 'node:path';
import { abiMismatches, electronAbi } from '../../node/native/nativeAbi.js';

interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string } };
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const expected = await electronAbi(join(process.cwd(), 'package.json'));
  if (expected === null) throw new Error('afterPack: cannot read node_modules/electron/abi_version');
  const resources =
    context.electronPlatformName === 'darwin'
      ? join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : join(context.appOutDir, 'resources');
  const wrong = await abiMismatches(resources, expected);
  if (process.env.PARLEY_SKIP_ABI_CHECK === '1') {
    for (const w of wrong) console.warn(`afterPack: WARNING ${w.file} is built for ABI ${w.abi}, Electron needs ${expected}`);
    return;
  }
  if (wrong.length) {
    const list = wrong.map((w) => `  ${w.file}: ABI ${w.abi}`).join('\n');
    throw new Error(`afterPack: native addons not built for Electron (ABI ${expected}):\n${list}\nRebuild them for Electron (see apps/desktop/README.md, "Native modules").`);
  }
}
