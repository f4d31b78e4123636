import { defineConfig } from 'vitest/config';

// The generator's tests run real sockets on loopback: room for a busy machine.
export default defineConfig({ test: { name: 'bench', include: ['src/**/*.test.ts'], testTimeout: 20_000 } });
