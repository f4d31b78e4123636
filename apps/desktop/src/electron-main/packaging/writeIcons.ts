/** `npm run icons -w @parley/desktop`: (re)writes build-resources/ from appIcon.ts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconFiles } from './appIcon.js';

const out = fileURLToPath(new URL('../../../build-resources/', import.meta.url));
for (const [name, png] of iconFiles()) {
  const file = join(out, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, png);
  console.log(`${file} (${png.length} bytes)`);
}
