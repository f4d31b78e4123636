/**
 * One clock for every process of a run. process.hrtime reads CLOCK_MONOTONIC, which is
 * system-wide on Linux, so a send time stamped in one generator process can be subtracted
 * from a receive time in another (or from the coordinator's) on the same machine.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
