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

const SOCKETS_PER_ADDRESS = 20_000;
let nextAddress = 2;

/**
 * Source addresses for one run: 127.0.0.x, one per 20,000 sockets, below the ~28k
 * ephemeral ports one address has. Each run takes fresh addresses (wrapping after .250),
 * so ports a previous run left in TIME_WAIT do not count against this one.
 */
export function sourceAddresses(sockets: number): (index: number) => string {
  const blocks = Math.max(1, Math.ceil(sockets / SOCKETS_PER_ADDRESS));
  if (nextAddress + blocks > 250) nextAddress = 2;
  const base = nextAddress;
  nextAddress += blocks;
  return (i) => `127.0.0.${base + Math.floor(i / SOCKETS_PER_ADDRESS)}`;
}

export const pct = (share: number) => Math.round(share * 1000) / 10;
