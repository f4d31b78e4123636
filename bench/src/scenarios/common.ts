/** Helpers the scenarios share: sizing the generator fleet and spreading groups over it. */
import { Fleet, MAX_SOCKETS_PER_WORKER } from '../generator/fleet.js';
import type { Lab } from '../lab.js';

export function workersFor(lab: Lab, sockets: number): number {
  return Math.max(Math.ceil(sockets / MAX_SOCKETS_PER_WORKER), lab.genCores, lab.opts.genProcs);
}

export async function withFleet<T>(lab: Lab, sockets: number, fn: (fleet: Fleet) => Promise<T>): Promise<T> {
  const fleet = await Fleet.start(workersFor(lab, sockets), lab.opts.genCpus);
  try {
    return await fn(fleet);
  } finally {
    await fleet.stop();
  }
}

/** Worker index for group g: whole groups per worker, so every expected delivery of a send is counted in the sender's process. */
export function workerOfGroup(g: number, workers: number): number {
  return g % workers;
}

/** 127.0.0.2, .3, … one per 20,000 sockets, below the ~28k ephemeral ports one source address has. */
export function sourceAddress(globalIndex: number): string {
  return `127.0.0.${2 + Math.floor(globalIndex / 20_000)}`;
}

export const pct = (share: number) => Math.round(share * 1000) / 10;
