/**
 * Indexing is background work: it must not take CPU from the threads relaying messages.
 * On Linux a thread has its own nice value (setpriority on its thread id), so the
 * indexer thread lowers its own to 19: the scheduler then gives it a core's idle time
 * and only a sliver (~1/70 by weight) while the relay keeps the core busy. Searches
 * still get a fresh index when the server has room, which is almost always.
 *
 * Elsewhere setpriority would lower the whole process, so the thread keeps its priority.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

const LOWEST_PRIORITY = 19;

/** Lowers the calling thread's priority; returns whether it could. */
export function lowerThisThreadsPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // /proc/thread-self → "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, LOWEST_PRIORITY);
    return true;
  } catch {
    return false;
  }
}
