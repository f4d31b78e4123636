/**
 * The only module that imports uWebSockets.js (SPEC §1: keep it swappable).
 * Official builds are not on the npm registry; this pinned mirror loads on Node 20
 * with glibc 2.36. Everything else imports the types and functions from here.
 */
import uws from '@trufflesuite/uws-js-unofficial';

export type {
  TemplatedApp,
  HttpRequest,
  HttpResponse,
  WebSocket,
  WebSocketBehavior,
  us_listen_socket,
  RecognizedString,
} from '@trufflesuite/uws-js-unofficial';

export const { App, SHARED_COMPRESSOR, DISABLED, us_listen_socket_close, us_socket_local_port } = uws;
