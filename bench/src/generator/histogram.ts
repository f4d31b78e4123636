/** hdr-histogram wrappers: µs values from 1 µs to 10 min at 3 significant digits. */
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: 'packed' });
}

export function encode(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function mergeEncoded(parts: readonly string[]): Histogram {
  const total = newHistogram();
  for (const p of parts) if (p) total.add(hdr.decodeFromCompressedBase64(p));
  return total;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(h: Histogram): LatencySummary {
  return {
    count: h.totalCount,
    p50Ms: h.getValueAtPercentile(50) / 1000,
    p99Ms: h.getValueAtPercentile(99) / 1000,
    maxMs: h.maxValue / 1000,
  };
}
