/** Median and range over repeated runs: the form every figure in the report takes. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

export function fmtNum(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000 && digits === 0) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}

export function fmtSpread(s: Spread | null, digits = 0, unit = ''): string {
  if (!s) return 'n/a';
  if (s.n === 1 || s.min === s.max) return `${fmtNum(s.median, digits)}${unit}`;
  return `${fmtNum(s.median, digits)}${unit} (${fmtNum(s.min, digits)}–${fmtNum(s.max, digits)})`;
}
