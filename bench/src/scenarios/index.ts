import { s1 } from './s1Relay.js';
import type { Scenario } from './types.js';

/** In the order they run. */
export const SCENARIOS: Scenario[] = [s1];
