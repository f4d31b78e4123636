/**
 * Messages between the main thread and the SQLite writer thread.
 *
 *   main → writer   {type:'ops', ops}               writes, each {type:'op', id, kind, input};
 *                                                    `id` is unique per client. The writes one
 *                                                    event-loop turn produced travel together
 *                   {type:'close'}                  finish every op received so far, close, exit
 *   writer → main   {type:'ready', applied}         schema migrated, ops may flow
 *                   {type:'results', results, stats} one per committed (or failed) transaction,
 *                                                    answering every op in it
 *                   {type:'closed', stats}          the write connection is closed
 *                   {type:'fatal', message}         the writer cannot continue
 *
 * An op's result is only posted after its transaction's COMMIT returned, so a caller
 * never sees data that could still be rolled back.
 */
import type { Comment, Connection, Message, Post, Preferences, PreferencesPatch } from '@parley/protocol';
import type { AppendedEvent, ChatRow, NewChatEvent, NewMessage, NewUser, UploadRow, UserRow } from '../types.js';
import type { AccountWriteOps } from './accountOps.js';

/** Every write the store performs, with its input and output. */
export interface WriteOps extends AccountWriteOps {
  'user.create': { input: NewUser; output: UserRow };
  'connection.create': { input: { fromUserId: number; toUserId: number }; output: { connection: Connection; created: boolean } };
  'connection.accept': { input: { id: number }; output: Connection };
  'chat.create': { input: { title: string | null; memberIds: number[]; adminId: number | null }; output: ChatRow };
  'chat.openPair': { input: { a: number; b: number }; output: { chat: ChatRow; created: boolean } };
  'chat.markRead': { input: { chatId: number; userId: number; seq: number }; output: number | null };
  'message.append': { input: NewMessage; output: { message: Message; created: boolean } };
  'chat.event': { input: NewChatEvent; output: AppendedEvent };
  'post.create': { input: { userId: number; content: string }; output: Post };
  'post.addComment': { input: { postId: number; userId: number; content: string }; output: Comment };
  'post.addReaction': { input: { postId: number; userId: number; reaction: string }; output: { id: number; timestamp: string } };
  'preferences.update': { input: { userId: number; patch: PreferencesPatch }; output: Preferences };
  // Uploads, blocks and ending connections: socialUploadOps.ts.
  'upload.create': { input: Omit<UploadRow, 'created_at' | 'attached_at'>; output: UploadRow };
  'upload.markAttached': { input: { name: string }; output: null };
  'upload.remove': { input: { name: string }; output: null };
  'connection.remove': { input: { id: number }; output: Connection | null };
  'block.add': { input: { blockerId: number; blockedId: number }; output: { created: boolean; removedConnection: Connection | null } };
  'block.remove': { input: { blockerId: number; blockedId: number }; output: boolean };
}
export type WriteKind = keyof WriteOps;

export type OpRequest = { [K in WriteKind]: { type: 'op'; id: number; kind: K; input: WriteOps[K]['input'] } }[WriteKind];
export type ToWriter = { type: 'ops'; ops: OpRequest[] } | { type: 'close' };

/**
 * An expected failure of one op (`conflict`, `not_found`, a refused chat event's
 * `invalid`/`forbidden`) that the main thread turns into an AppError; `internal` is
 * anything else (a bug or a disk error).
 */
export type WriteErrorCode = 'conflict' | 'not_found' | 'invalid' | 'forbidden' | 'internal';

export type OpResult =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; code: WriteErrorCode; message: string; reason?: 'unknown_target' };

export interface WriterStats {
  /** Transactions committed or rolled back as a whole. */
  transactions: number;
  /** Ops answered (succeeded or failed). */
  ops: number;
  /** Ops that failed on their own (their savepoint rolled back, the batch went on). */
  failedOps: number;
  /** Largest number of ops in one transaction so far. */
  maxBatch: number;
  /** Milliseconds the last COMMIT took (the fsync cost). */
  lastCommitMs: number;
}

export type FromWriter =
  | { type: 'ready'; applied: string[] }
  | { type: 'results'; results: OpResult[]; stats: WriterStats }
  | { type: 'closed'; stats: WriterStats }
  | { type: 'fatal'; message: string };

/** What the writer thread needs to start (passed as `workerData`). */
export interface WriterInit {
  file: string;
  migrationsDir: string;
}

/** Thrown inside an op for an expected failure; anything else is `internal`. */
export class WriteFailure extends Error {
  constructor(
    readonly code: Exclude<WriteErrorCode, 'internal'>,
    message: string,
    readonly reason?: 'unknown_target',
  ) {
    super(message);
    this.name = 'WriteFailure';
  }
}
