/**
 * Runs tasks that share a key one after another, in call order; tasks with different
 * keys run concurrently. Memory is bounded by the keys with work in flight: a key's
 * entry is dropped as soon as its last task settles.
 */
export interface KeyedQueue {
  run<T>(key: number, task: () => Promise<T>): Promise<T>;
  /** Keys with queued or running tasks (for tests and metrics). */
  readonly activeKeys: number;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<number, Promise<unknown>>();
  return {
    run<T>(key: number, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      // A failed task must not stop the ones behind it, hence both branches run `task`.
      const result = previous ? previous.then(task, task) : task();
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // `tail` never rejects (both outcomes map to undefined above).
      void tail.then(
        () => {
          if (tails.get(key) === tail) tails.delete(key);
        },
        () => undefined,
      );
      return result;
    },
    get activeKeys() {
      return tails.size;
    },
  };
}
