/** What a scenario is to the runner: variants, each prepared once per peer and run N times. */
import type { Lab } from '../lab.js';
import type { Peer, PeerName } from '../targets/peers.js';

export type Metrics = Record<string, number>;

export interface RunOutcome {
  metrics: Metrics;
  warnings: string[];
  notes: string[];
}

export interface Column {
  key: string;
  label: string;
  digits?: number;
}

export interface Variant {
  name: string;
  /** Peers this variant runs on when the user did not name peers (default: all). */
  defaultPeers?: readonly PeerName[];
  columns: Column[];
  prepare(lab: Lab, peer: Peer): Promise<unknown>;
  run(lab: Lab, peer: Peer, fixture: unknown): Promise<RunOutcome>;
}

export interface Scenario {
  id: string;
  title: string;
  variants(lab: Lab): Variant[];
}
