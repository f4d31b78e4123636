/**
 * @parley/protocol — the one source of Parley's wire types and their validators.
 * Server and desktop import only from here ("exports" forbids deep imports).
 */
export * from './limits.js';
export * from './errors.js';
export * from './channels.js';
export * from './common.js';
export * from './frames/index.js';
export * from './rest/auth.js';
export * from './rest/accounts.js';
export * from './rest/connections.js';
export * from './rest/chats.js';
export * from './rest/posts.js';
export * from './rest/upload.js';
export * from './rest/preferences.js';
export * from './rest/blocks.js';
export * from './rest/search.js';
export * from './search/query.js';
