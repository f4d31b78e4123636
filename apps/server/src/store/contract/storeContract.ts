/**
 * The Store contract as tests: everything `types.ts` promises, run against each engine
 * through a StoreHarness (one call per engine's test file). Engine-specific behaviour
 * (SQLite's writer thread, PostgreSQL's cross-node races) is tested beside each engine.
 */
import { describe } from 'vitest';
import { accountsContract } from './accounts.js';
import { chatEventsContract } from './chatEvents.js';
import { chatsContract } from './chats.js';
import { connectionsContract } from './connections.js';
import type { StoreHarness } from './harness.js';
import { lifecycleContract } from './lifecycle.js';
import { messagesContract } from './messages.js';
import { postsContract } from './posts.js';
import { uploadsBlocksContract } from './uploadsBlocks.js';
import { usersContract } from './users.js';

export type { StoreHarness } from './harness.js';
export { seedUsers } from './harness.js';

export function describeStoreContract(engine: string, harness: StoreHarness): void {
  describe(`${engine} store contract`, () => {
    describe('users', () => usersContract(harness));
    describe('connections', () => connectionsContract(harness));
    describe('chats', () => chatsContract(harness));
    describe('messages', () => messagesContract(harness));
    describe('chat events', () => chatEventsContract(harness));
    describe('posts', () => postsContract(harness));
    describe('uploads and blocks', () => uploadsBlocksContract(harness));
    describe('accounts', () => accountsContract(harness));
    describe('lifecycle', () => lifecycleContract(harness));
  });
}
