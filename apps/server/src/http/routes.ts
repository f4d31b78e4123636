/**
 * The REST API (SPEC §2): every route group registered on the shared uWS app, then
 * CORS preflight and the 404/405 fallbacks.
 */
import type { TemplatedApp } from '../transport/uws.js';
import type { HttpDeps } from './deps.js';
import { createRouter } from './router.js';
import { accountRoutes } from './routes/accounts.js';
import { authRoutes } from './routes/auth.js';
import { blockRoutes } from './routes/blocks.js';
import { chatRoutes } from './routes/chats.js';
import { connectionRoutes } from './routes/connections.js';
import { healthRoutes } from './routes/health.js';
import { postRoutes } from './routes/posts.js';
import { preferenceRoutes } from './routes/preferences.js';
import { searchRoutes } from './routes/search.js';
import { uploadRoutes } from './routes/upload.js';
import { userRoutes } from './routes/users.js';

export type { HttpDeps } from './deps.js';

export function registerHttpRoutes(app: TemplatedApp, deps: HttpDeps): void {
  const router = createRouter(app, deps);
  const groups = [
    authRoutes,
    accountRoutes,
    preferenceRoutes,
    userRoutes,
    connectionRoutes,
    blockRoutes,
    chatRoutes,
    postRoutes,
    uploadRoutes,
    healthRoutes,
    searchRoutes,
  ];
  for (const group of groups) for (const route of group(deps)) router.add(route);
  router.finish();
}
