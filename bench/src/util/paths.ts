import { fileURLToPath } from 'node:url';

/** bench/ and the repository root, wherever the command is run from. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../..', import.meta.url));
