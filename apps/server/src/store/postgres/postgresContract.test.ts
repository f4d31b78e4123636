/** The whole Store contract against PostgreSQL, in a database created for this file. */
import { afterAll, beforeAll } from 'vitest';
import { describeStoreContract } from '../contract/storeContract.js';
import { createTestDatabase, openTestStore, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describeStoreContract('PostgreSQL', {
  // Truncating gives each test an empty store at a fraction of CREATE DATABASE's cost.
  openEmpty: async () => {
    await db.truncate();
    return openTestStore(db.url);
  },
  reopen: () => openTestStore(db.url),
  cleanup: async () => undefined,
});
