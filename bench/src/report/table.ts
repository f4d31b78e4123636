/** The table printed at the end: one block per scenario variant, one row per peer, median (min–max) per cell. */
import type { Column } from '../scenarios/types.js';
import { fmtSpread, type Spread } from '../util/stats.js';

export interface Row {
  scenario: string;
  variant: string;
  peer: string;
  runs: number;
  columns: Column[];
  figures: Record<string, Spread | null>;
  skipped?: string;
  warnings: string[];
  notes: string[];
}

export function renderTable(rows: readonly Row[]): string {
  const out: string[] = [];
  const blocks = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.scenario} ${r.variant}`;
    blocks.set(key, [...(blocks.get(key) ?? []), r]);
  }
  for (const [title, block] of blocks) {
    const cols = block.find((r) => !r.skipped)?.columns ?? block[0]!.columns;
    const header = ['peer', 'runs', ...cols.map((c) => c.label)];
    const lines = block.map((r) =>
      r.skipped ? [r.peer, '-', `skipped: ${r.skipped}`] : [r.peer, String(r.runs), ...cols.map((c) => fmtSpread(r.figures[c.key] ?? null, c.digits ?? 0))],
    );
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l.length === header.length ? l[i]!.length : 0))));
    const fmt = (cells: string[]) => (cells.length === header.length ? cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') : cells.join(' | '));
    out.push('', `## ${title}`, fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt));
    for (const r of block) {
      for (const w of r.warnings) out.push(`  ! ${r.peer}: ${w}`);
      for (const n of r.notes) out.push(`  · ${r.peer}: ${n}`);
    }
  }
  return out.join('\n');
}
