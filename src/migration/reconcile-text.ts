// The reconciliation as the command line prints it: one table per client, then its verdict.
import type { PeriodReconciliation, Reconciliation } from './reconcile.js';

const signed = (n: number | null | undefined, unit = '') => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${n}${unit}`);
const VERDICTS = { within: 'within', outside: 'OUTSIDE', no_legacy_data: 'no legacy data' } as const;

export function reconciliationLines(r: Reconciliation): string[] {
  if (r.clients.length === 0) return ['No client to reconcile: import legacy counts, or switch a client to legacy or dual.'];
  const lines: string[] = [];
  const header = ['period', 'views', 'legacy', 'diff', '%', 'clicks', 'legacy', 'diff', '%', 'verdict', 'explanation'];
  for (const c of r.clients) {
    lines.push(`${c.name} (${c.clientId}) — mode ${c.mode}, ${c.timeZone}, ${c.window.from} to ${c.window.to}, tolerance ±${r.tolerance} %: ${c.readyToSwitch ? 'READY TO SWITCH' : 'not ready'}`);
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
      VERDICTS[p.verdict],
      p.explanation.notes.join('; ') || '—',
    ];
    const table = [header, ...c.periods.map(cells), cells(c.total)];
    const widths = header.map((_, i) => Math.max(...table.map((row) => (i === header.length - 1 ? 0 : (row[i] as string).length))));
    for (const row of table) lines.push(`  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ')}`);
    lines.push('');
  }
  return lines;
}
