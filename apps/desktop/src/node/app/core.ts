/**
 * Composition root of one desktop instance, shared by the Electron shell and the web
 * host: cache (worker thread), session, socket, sync, outbox, alerts and the bridge.
 * The shell supplies what differs per host — where the secret lives, how alerts are
 * shown, the cache worker's location — and calls the power/network signals.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { CLOSE_CODES } from '@parley/protocol';
import type { BridgeEvents, BridgeHandlers } from '../../common/bridge.js';
import type { Settings } from '../../common/views.js';
import { AlertService } from '../alerts/alertService.js';
import type { AlertContext } from '../alerts/policy.js';
import { createHandlers } from '../bridge/handlers.js';
import { openCache, type WorkerEntry } from '../cache/cacheClient.js';
import type { BackoffPolicy } from '../connection/backoff.js';
import { systemClock, type Clock } from '../connection/clock.js';
import { SocketClient } from '../connection/socketClient.js';
import { ApiClient } from '../session/apiClient.js';
import type { SecretStore } from '../session/secretStore.js';
import { Session, tokenExpiry } from '../session/session.js';
import { Outbox } from '../sync/outbox.js';
import { SyncEngine } from '../sync/syncEngine.js';
import { withPreferences } from '../sync/preferencesSync.js';
import { Uploads } from '../upload/uploads.js';
import { Emitter } from '../util/emitter.js';
import type { CoreContext, ShellEvents } from './context.js';
import { Publisher } from './publish.js';

export interface CoreOptions {
  /** Folder for the cache database. */
  dataDir: string;
  secrets: SecretStore;
  /** Server used when sign-in names none (configured, e.g. `--server`). */
  serverUrl?: string;
  clock?: Clock;
  cacheWorker?: WorkerEntry;
  /** Socket tuning, for tests: shorter heartbeats, a seeded jitter. */
  socket?: { backoff?: BackoffPolicy; heartbeatIntervalMs?: number; heartbeatTimeoutMs?: number; random?: () => number };
}

export interface Core {
  ctx: CoreContext;
  publish: Publisher;
  outbox: Outbox;
  sync: SyncEngine;
  /** Files streaming to the server for the composer. */
  uploads: Uploads;
  handlers: BridgeHandlers;
  events: Emitter<BridgeEvents>;
  shell: Emitter<ShellEvents>;
  /** The chat on screen and window focus, from `chats.setFocused`. */
  focus: { chatId: number | null; windowFocused: boolean };
  /** Channels the renderer subscribed through `socket.subscribe`, renewed on reconnect. */
  extraChannels: Set<string>;
  defaultServerUrl(): Promise<string | null>;
  /** Signed in: (re)start the socket. */
  goOnline(): void;
  signOut(wipe: boolean): Promise<void>;
  /** Power/network signals from the shell. */
  resume(): void;
  networkUp(): void;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  await mkdir(options.dataDir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const cache = await openCache(join(options.dataDir, 'cache.sqlite'), options.cacheWorker);
  const events = new Emitter<BridgeEvents>();
  const shell = new Emitter<ShellEvents>();
  let session: Session | null = null;
  const api = new ApiClient({
    serverUrl: () => session?.current?.serverUrl ?? null,
    token: () => session?.accessToken ?? null,
    renewToken: () => session?.refresh() ?? Promise.resolve(false),
  });
  session = new Session(api, cache, options.secrets, clock);
  const sessionRef = session;
  // The token the socket last dialled with: a 4500 for an older one than the current
  // token only means the socket outlived it (see handleRejection).
  let dialledToken: string | null = null;
  const socket = new SocketClient({
    serverUrl: () => sessionRef.current?.serverUrl ?? null,
    token: () => (dialledToken = sessionRef.accessToken),
    clock,
    ...options.socket,
  });

  const settings = async (): Promise<Settings> => {
    const [local, preferences] = await Promise.all([cache.settings(), cache.preferences()]);
    return withPreferences(local, preferences, clock.now());
  };
  const me = (): number => {
    const id = sessionRef.userId;
    if (id === null) throw Object.assign(new Error('Sign in first.'), { code: 'signed_out' });
    return id;
  };
  let core: Core | null = null;
  const alertContext = async (): Promise<AlertContext> => {
    const now = clock.now();
    const local = new Date(now);
    return {
      me: me(),
      settings: await settings(),
      focus: core?.focus ?? { chatId: null, windowFocused: false },
      now,
      localMinutes: local.getHours() * 60 + local.getMinutes(),
    };
  };
  const alerts = new AlertService(cache, alertContext, (alert) => shell.emit('alert', alert), clock);
  const ctx: CoreContext = { cache, api, socket, session, clock, events, shell, alerts, me, settings, acceptedByMe: new Set(), closing: false };
  const publish = new Publisher(ctx);
  const outbox = new Outbox(ctx, publish);
  const sync = new SyncEngine(ctx, publish, outbox);
  const uploads = new Uploads(ctx);

  socket.on('state', (state) => events.emit('connection.changed', state));
  socket.on('open', () => {
    for (const channel of core?.extraChannels ?? []) socket.send({ type: 'subscribe', channel });
  });
  socket.on('rejected', ({ code }) => {
    handleRejection(code).catch((err: unknown) => {
      if (!ctx.closing) console.error('session: handling a refused socket failed:', err);
    });
  });
  session.on('changed', (view) => events.emit('session.changed', view));
  session.on('ended', (ended) => events.emit('session.ended', ended));
  session.on('token', (token) => {
    // A refreshed token is used by the next dial; the open socket stays authenticated.
    if (token === null) socket.stop();
  });

  // 4500 (or a 401 at the upgrade): the access token expired or its session ended. If
  // the socket dialled with an older token than the current one (refreshed on schedule
  // meanwhile), it just outlived it: dial again. Otherwise one refresh decides (a
  // revoked session's refresh is refused: signed out). A token this very path just got
  // being refused while still unexpired would loop: that ends the session too. 4501 and
  // the rest of 4500–4999: the account is deactivated or removed. Either way the cache
  // stays, so signing back in shows everything at once.
  let renewedOnRejection: string | null = null;
  async function handleRejection(code: number): Promise<void> {
    if (code === CLOSE_CODES.tokenRejected) {
      const current = sessionRef.accessToken;
      if (dialledToken !== null && current !== null && dialledToken !== current) {
        core?.goOnline();
        return;
      }
      const expiresAt = dialledToken ? tokenExpiry(dialledToken) : null;
      const refusedWhileValid = expiresAt !== null && expiresAt > clock.now() + 5_000;
      if (!(refusedWhileValid && dialledToken === renewedOnRejection)) {
        if (await sessionRef.refresh()) {
          renewedOnRejection = sessionRef.accessToken;
          core?.goOnline();
          return;
        }
        if (sessionRef.userId === null) return core?.signOut(false);
        // The server could not be reached: the refresh retries on its own; dial again too.
        core?.goOnline();
        return;
      }
    }
    stopSessionWork();
    await sessionRef.signOut(code === CLOSE_CODES.accountRemoved ? 'deactivated' : 'revoked');
    publish.reset();
  }

  // Whether the user signed out or the server ended the session: nothing keeps running
  // (or sending) with a token that is going away.
  function stopSessionWork(): void {
    socket.stop();
    outbox.dispose();
    sync.preferences.dispose();
    uploads.cancelAll();
  }

  core = {
    ctx,
    publish,
    outbox,
    sync,
    uploads,
    handlers: null as unknown as BridgeHandlers,
    events,
    shell,
    focus: { chatId: null, windowFocused: false },
    extraChannels: new Set(),
    async defaultServerUrl() {
      return sessionRef.current?.serverUrl ?? options.serverUrl ?? ((await cache.getJson('lastServerUrl')) as string | null);
    },
    goOnline() {
      socket.stop();
      socket.start();
      void publish.badgeNow().catch(() => undefined);
    },
    async signOut(wipe) {
      stopSessionWork();
      if (wipe) await sessionRef.logout();
      else await sessionRef.signOut();
      publish.reset();
    },
    resume: () => socket.resume(),
    networkUp: () => socket.networkUp(),
    async close() {
      ctx.closing = true;
      socket.stop();
      sessionRef.dispose();
      outbox.dispose();
      sync.preferences.dispose();
      uploads.cancelAll();
      await sync.intake.idle().catch(() => undefined);
      await alerts.drain().catch(() => undefined);
      await cache.terminate();
    },
  };
  core.handlers = createHandlers(core);

  // Open on cached data: a stored session means signed in, even before the server answers.
  if (await session.restore()) core.goOnline();
  return core;
}
