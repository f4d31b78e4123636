/**
 * scripts/prereqs.sh, which `npm test` and CI run first. With an empty PATH the
 * emoji-font probe (fc-list) finds nothing, so the script must report the font as
 * missing: as a normal user in one line that says what to install, and as root by
 * trying apt-get (absent from that PATH) and saying it could not.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/prereqs.sh', import.meta.url));
const isRoot = process.getuid?.() === 0;

function run(asNobody: boolean) {
  const bash = '/bin/bash';
  const cmd = asNobody ? ['/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', bash, script]] as const : [bash, [script]] as const;
  return spawnSync(cmd[0], [...cmd[1]], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
}

describe('scripts/prereqs.sh', () => {
  it('as a normal user: fails with one line naming the packages to install', () => {
    const result = run(isRoot);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^prerequisites missing: .*fonts-noto-color-emoji.* — install them with: sudo apt-get install -y .*fonts-noto-color-emoji/);
  });

  it.runIf(isRoot)('as root: tries to install them and says so when it cannot', () => {
    const result = run(false);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('installing test prerequisites: ');
    expect(result.stderr).toMatch(/prerequisites: apt-get could not install .*fonts-noto-color-emoji/);
  });
});
