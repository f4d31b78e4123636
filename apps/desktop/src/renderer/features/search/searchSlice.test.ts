import { describe, expect, it } from 'vitest';
import type { SearchResultsView } from '../../../common/views.js';
import { makeStore } from '../../app/store.js';
import { message } from '../../test/builders.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { searchMessages } from './searchSlice.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
const hit = (id: number, content: string) => message({ id, key: `m${id}`, chat_id: 5, seq: id, content });

describe('searchSlice', () => {
  it('keeps only the answer to the latest query when answers arrive out of order', async () => {
    const bridge = createFakeBridge();
    const answers = new Map<string, ReturnType<typeof deferred<SearchResultsView>>>();
    bridge.handle('search.messages', ({ q }) => {
      const d = deferred<SearchResultsView>();
      answers.set(q, d);
      return d.promise;
    });
    const store = makeStore(bridge);
    const slow = store.dispatch(searchMessages({ q: 'dep', chatId: null }));
    const fast = store.dispatch(searchMessages({ q: 'deploy', chatId: null }));
    answers.get('deploy')!.resolve({ hits: [hit(2, 'deploy now')], nextBefore: null, serverSearched: true });
    await fast;
    answers.get('dep')!.resolve({ hits: [hit(1, 'depot')], nextBefore: null, serverSearched: true });
    await slow;
    expect(store.getState().search.hits.map((h) => h.content)).toEqual(['deploy now']);
    expect(store.getState().search.status).toBe('done');
  });

  it('appends the next page once, without duplicates', async () => {
    const bridge = createFakeBridge();
    bridge.handle('search.messages', ({ before }) =>
      before === undefined
        ? { hits: [hit(9, 'a'), hit(8, 'b')], nextBefore: 8, serverSearched: false }
        : { hits: [hit(8, 'b'), hit(7, 'c')], nextBefore: null, serverSearched: false },
    );
    const store = makeStore(bridge);
    await store.dispatch(searchMessages({ q: 'x', chatId: 5 }));
    await store.dispatch(searchMessages({ q: 'x', chatId: 5, before: 8 }));
    // A second click on "older" for a page already shown changes nothing.
    await store.dispatch(searchMessages({ q: 'x', chatId: 5, before: 8 }));
    expect(store.getState().search.hits.map((h) => h.id)).toEqual([9, 8, 7]);
    expect(store.getState().search.nextBefore).toBeNull();
    expect(bridge.callsOf('search.messages')[0]).toEqual({ q: 'x', chatId: 5 });
  });
});
