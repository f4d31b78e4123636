import { s1 } from './s1Relay.js';
import { s2 } from './s2Connections.js';
import { s3 } from './s3Feed.js';
import type { Scenario } from './types.js';

/** In the order they run. */
export const SCENARIOS: Scenario[] = [s1, s2, s3];
