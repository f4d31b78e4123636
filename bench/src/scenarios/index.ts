import { s0 } from './s0Polling.js';
import { s1 } from './s1Relay.js';
import { s2 } from './s2Connections.js';
import { s3 } from './s3Feed.js';
import { s4 } from './s4Presence.js';
import { s5 } from './s5Durable.js';
import type { Scenario } from './types.js';

/** In the order they run. */
export const SCENARIOS: Scenario[] = [s0, s1, s2, s3, s4, s5];
