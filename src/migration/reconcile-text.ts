// The reconciliation as the command line prints it: one table per client, then its verdict, in
// the words of the terminal's language (cli-messages.ts).
import type { ClientReconciliation, PeriodReconciliation, Reconciliation, Verdict } from './reconcile.js';

export interface ReconcileWords {
  readonly none: string;
  /** The table's eleven columns. */
  readonly header: readonly string[];
  readonly verdicts: Readonly<Record<Verdict, string>>;
  /** The line above a client's table: its mode, zone, window, tolerance and whether it is ready to switch. */
  client(c: ClientReconciliation, tolerance: number): string;
}

const signed = (n: number | null | undefined, unit = '') => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${n}${unit}`);

export function reconciliationLines(r: Reconciliation, words: ReconcileWords): string[] {
  if (r.clients.length === 0) return [words.none];
  const lines: string[] = [];
  const header = words.header;
  for (const c of r.clients) {
    lines.push(words.client(c, r.tolerance));
    const cells = (p: PeriodReconciliation) => [
      p.period,
      String(p.duotrack.views),
      p.legacy ? String(p.legacy.views) : '—',
      signed(p.difference?.views),
      signed(p.percent?.views, ' %'),
      String(p.duotrack.clicks),
      p.legacy ? String(p.legacy.clicks) : '—',
      signed(p.difference?.clicks),
      signed(p.percent?.clicks, ' %'),
      words.verdicts[p.verdict],
      p.explanation.notes.join('; ') || '—',
    ];
    const table = [header, ...c.periods.map(cells), cells(c.total)];
    const widths = header.map((_, i) => Math.max(...table.map((row) => (i === header.length - 1 ? 0 : (row[i] as string).length))));
    for (const row of table) lines.push(`  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ')}`);
    lines.push('');
  }
  return lines;
}
