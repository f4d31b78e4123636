/** The whole Store contract against SQLite, each test in a fresh temporary data directory. */
import { describeStoreContract } from '../contract/storeContract.js';
import { openTestStore, tempDataDir } from './testing.js';

let tmp: ReturnType<typeof tempDataDir> | undefined;

describeStoreContract('SQLite', {
  openEmpty: () => {
    tmp = tempDataDir();
    return openTestStore(tmp.dir);
  },
  reopen: () => {
    if (!tmp) throw new Error('reopen() before openEmpty()');
    return openTestStore(tmp.dir);
  },
  cleanup: async () => {
    tmp?.remove();
    tmp = undefined;
  },
});
