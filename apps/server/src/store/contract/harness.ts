/**
 * How the engine-agnostic store contract (storeContract.ts) reaches an engine: every
 * engine's test file supplies a harness, and the same assertions run against each.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../types.js';

export interface StoreHarness {
  /** Opens a store over empty storage: no rows, ids starting at 1. */
  openEmpty(): Promise<Store>;
  /** Opens another store over the storage the last openEmpty() used (a restart, or a second node). */
  reopen(): Promise<Store>;
  /** Releases that storage after a test; stores themselves are closed by the tests. */
  cleanup(): Promise<void>;
}

/**
 * Registers hooks giving each test a store over empty storage, closed (idempotently)
 * and cleaned up after it. Read the store through the returned getter.
 */
export function useEmptyStore(harness: StoreHarness): () => Store {
  let store: Store | undefined;
  beforeEach(async () => {
    store = await harness.openEmpty();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await harness.cleanup();
  });
  return () => {
    if (!store) throw new Error('no store: useEmptyStore() is only usable inside a test');
    return store;
  };
}

/**
 * Registers `count` users named `User 1…n` with emails `u1@test.local…`, one after
 * another so their ids ascend in that order on every engine (tests rely on it).
 */
export async function seedUsers(store: Store, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push((await store.users.create({ email: `u${i}@test.local`, fullName: `User ${i}`, passwordHash: 'x' })).id);
  }
  return ids;
}
