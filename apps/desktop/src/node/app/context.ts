/**
 * The services of one desktop instance, handed to the parts that need several of them
 * (sync, outbox, bridge handlers). Built once in core.ts.
 */
import type { BridgeEvents } from '../../common/bridge.js';
import type { ContactView, Settings } from '../../common/views.js';
import type { AlertService } from '../alerts/alertService.js';
import type { OsAlert } from '../alerts/policy.js';
import type { CacheClient } from '../cache/cacheClient.js';
import type { Clock } from '../connection/clock.js';
import type { SocketClient } from '../connection/socketClient.js';
import type { ApiClient } from '../session/apiClient.js';
import type { Session } from '../session/session.js';
import type { Emitter } from '../util/emitter.js';

/** What the shell (Electron tray, web host) needs beyond the bridge events. */
export interface ShellEvents {
  /** Unread count for the tray badge and dock. */
  badge: number;
  /** Contacts with presence, for the tray menu and tooltip. */
  contacts: ContactView[];
  /** An OS notification to raise. */
  alert: OsAlert;
  /** An http(s) link, already checked by externalLink(), to open in the user's browser. */
  openExternal: string;
}

export interface CoreContext {
  cache: CacheClient;
  api: ApiClient;
  socket: SocketClient;
  session: Session;
  clock: Clock;
  events: Emitter<BridgeEvents>;
  shell: Emitter<ShellEvents>;
  alerts: AlertService;
  /** The signed-in user's id; throws when signed out (callers run only while signed in). */
  me(): number;
  settings(): Promise<Settings>;
  /** Connection requests this user accepted here: their `connection_accepted` echo is not news to them. */
  acceptedByMe: Set<number>;
  /** Set once close() begins: late failures of in-flight work are expected then. */
  closing: boolean;
}
