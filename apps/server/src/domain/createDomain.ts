/**
 * Builds the domain from its dependencies. The rate limiter is shared, so REST and
 * WebSocket sends by the same user draw from the same buckets.
 */
import type { ServerConfig } from '../config.js';
import type { Logger } from '../observability/log.js';
import type { Store } from '../store/types.js';
import { createBlocks } from './blocks.js';
import { createChats } from './chats.js';
import { createConnections } from './connections.js';
import type { Domain } from './domain.js';
import type { EventSink } from './events.js';
import { createMembers } from './members.js';
import { createMessageEvents } from './messageEvents.js';
import { createMessages } from './messages.js';
import { createPosts } from './posts.js';
import { createPreferences } from './preferences.js';
import { createRateLimiter, type RateLimiter } from './rateLimit.js';
import { createSearch } from './search.js';
import { createUploadAccess } from './uploadAccess.js';
import { createUsers } from './users.js';
import { authRateBuckets, createAuth } from './auth.js';
import { createAccountAdmin, createAdminApi } from './accountAdmin.js';
import { createHashGate } from './hashGate.js';
import { createProfile } from './profile.js';
import { createSessions } from './sessions.js';
import { createTokenIssuer } from './tokens.js';

export interface DomainDeps {
  store: Store;
  events: EventSink;
  config: ServerConfig;
  log: Logger;
}

/** The per-user buckets every transport draws from, sized from configuration. */
export function createDomainRateLimiter(config: ServerConfig): RateLimiter {
  const r = config.rateLimits;
  return createRateLimiter({
    message: { perSecond: r.messagesPerSecond, burst: r.messageBurst },
    typing: { perSecond: r.typingPerSecond, burst: r.typingBurst },
    rest_write: { perSecond: r.restWritesPerSecond, burst: r.restWriteBurst },
    // Ten wrong passwords in a row, then one guess per 5 s per account and device class
    // (see auth.ts): a person who mistypes never notices, an online dictionary attack
    // slows to a crawl.
    ...authRateBuckets(config.accounts),
  });
}

export async function createDomain(deps: DomainDeps): Promise<Domain> {
  const { store, events, config, log } = deps;
  const limiter = createDomainRateLimiter(config);
  const chats = createChats({ store, events, limiter, maxGroupMembers: config.chatEvents.maxGroupMembers });
  log.debug({ rateLimits: config.rateLimits }, 'domain ready');
  const gate = createHashGate(config.accounts.maxConcurrentHashes, config.accounts.maxQueuedHashes);
  const tokens = createTokenIssuer(config.jwtSecret, config.tokenTtlSeconds);
  const accountAdmin = createAccountAdmin(store, events, gate);
  return {
    auth: createAuth({ store, events, limiter, gate, tokens, limits: config.accounts }),
    sessions: createSessions(store, events, gate),
    profile: createProfile(store, events),
    admin: createAdminApi(store, accountAdmin),
    accountAdmin,
    users: createUsers(store),
    connections: createConnections(store, events, limiter),
    chats,
    messages: createMessages({ store, events, limiter, chats, maxContentChars: config.maxContentChars }),
    messageEvents: createMessageEvents({ store, events, limiter, chats, limits: config.chatEvents, maxContentChars: config.maxContentChars, dataDir: config.dataDir }),
    members: createMembers({ store, events, limiter, chats, limits: config.chatEvents }),
    search: createSearch(store, chats),
    posts: createPosts(store, events, limiter, config.maxContentChars),
    preferences: createPreferences({ store, events, limiter }),
    blocks: createBlocks(store, events, limiter),
    uploads: createUploadAccess({ store, dataDir: config.dataDir, jwtSecret: config.jwtSecret, limits: config.resourceLimits, log }),
  };
}
