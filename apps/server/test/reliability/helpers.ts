/**
 * Shared pieces of the reliability tests: bounded waiting, a seeded PRNG (so a failing
 * fuzz run can be replayed from its seed), server child processes on a chosen data
 * directory, resident memory of a process, and reading a whole chat back over REST.
 */
import { readFileSync } from 'node:fs';
import { api, spawnServerProcess, type ServerProcess } from '../harness.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `cond` every `stepMs` until it holds; throws with `what` after `timeoutMs`. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

/** mulberry32: tiny, fast, and good enough to drive a fuzzer reproducibly from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resident set size of a live process in bytes (Linux), from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * Starts the real server as a child process on `dataDir`; `port` 0 picks a free one.
 * A fixed port can be refused for up to a minute after a crash: the dead server's
 * connections linger in TIME_WAIT and uWS 20.30 binds without SO_REUSEADDR.
 */
export function startServerProcess(dataDir: string, port = 0): Promise<ServerProcess> {
  return spawnServerProcess(['--port', String(port), '--data-dir', dataDir, '--log-level', 'info'], { timeoutMs: 30_000 });
}

/** Stops a child server with SIGTERM (graceful) and waits for it to exit. */
export async function stopServerProcess(proc: ServerProcess): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  await proc.exited;
}

export interface StoredMessage {
  id: number;
  chat_id: number;
  seq: number;
  sender_id: number;
  content: string;
  attachment: string | null;
  timestamp: string;
  client_id?: string | null;
}

/** Every stored message of a chat, in seq order, paged through GET /chats/:id/messages. */
export async function listAll(url: string, token: string, chatId: number): Promise<StoredMessage[]> {
  const out: StoredMessage[] = [];
  // Bounded: each page advances after_seq, and a chat in these tests holds < 100k messages.
  for (let page = 0; page < 500; page++) {
    const after = out.length ? out[out.length - 1]!.seq : 0;
    const res = await api(url, token).get<StoredMessage[]>(`/chats/${chatId}/messages?after_seq=${after}&limit=200`);
    if (res.status !== 200) throw new Error(`listing chat ${chatId} failed: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body);
    if (res.body.length < 200) return out;
  }
  throw new Error(`chat ${chatId} has more pages than expected`);
}

/** 1..n exactly, in order: what a chat's seq column must be. */
export const range1 = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
