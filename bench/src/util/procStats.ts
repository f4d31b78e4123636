/**
 * Reads a process's resident memory and CPU time from /proc, so server figures come from
 * the kernel's own accounting rather than from anything the server reports about itself.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks; 100 Hz on every x86-64 and arm64 kernel config we run. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident set size in KiB (VmRSS), or null once the process is gone. */
export function rssKiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used so far (all its threads). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name, field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Nanoseconds the process's threads have run on a CPU (the first field of each
 * /proc/<pid>/task/<tid>/schedstat), summed: fine enough to time one burst of work,
 * where utime/stime tick only every 10 ms. Kernel work done on the process's behalf in
 * its own context (sending, and on loopback the receiver's TCP processing) is included.
 */
export function onCpuNs(pid: number): number | null {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    return total;
  } catch {
    return null;
  }
}

/**
 * Nanoseconds one thread has run on a CPU (its schedstat). For a Node server the main
 * thread's tid is its pid: this is the event loop's own CPU, without the store's threads
 * and without time it spent preempted by them, which a CPU profile counts as busy.
 */
export function threadOnCpuNs(pid: number, tid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Samples CPU of a set of processes over a window: share of one core used, 1.0 = 100%. */
export class CpuWindow {
  private readonly start: number[];
  private readonly t0 = process.hrtime.bigint();
  constructor(private readonly pids: readonly number[]) {
    this.start = pids.map((p) => cpuSeconds(p) ?? 0);
  }
  /** Core-seconds used per wall second since construction, summed over the processes. */
  coreShare(): number {
    const wall = Number(process.hrtime.bigint() - this.t0) / 1e9;
    const used = this.pids.reduce((s, p, i) => s + ((cpuSeconds(p) ?? 0) - (this.start[i] ?? 0)), 0);
    return wall > 0 ? used / wall : 0;
  }
}
