// A time chart in plain SVG: per bucket, a bar for the first series and a line for each other (or
// all lines), a labelled y axis, a few x labels, a <title>/<desc> for screen readers, and the
// numbers as a table on request. A bucket without values (an hour still to come) keeps its place
// on the x axis but draws nothing: the lines stop at the last bucket that has values.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatDay, formatDecimal } from '../format';

export interface Series {
  readonly key: string;
  readonly name: string;
  /** CSS class that colours the line and its legend swatch (chart-series-1…). */
  readonly className: string;
  /** Bars or a line; default line. */
  readonly kind?: 'bar' | 'line';
}

export interface LinePoint {
  readonly label: string;
  /** null: the bucket has not happened yet (nothing is drawn for it). */
  readonly values: Readonly<Record<string, number>> | null;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 12, right: 12, bottom: 28, left: 44 } as const;

/** A round upper bound for the y axis: 0 → 1, 7 → 8, 83 → 100, 1234 → 1500. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * magnitude >= max) ?? 10;
  return step * magnitude;
}

/** Runs of consecutive indices whose point has values: [[0, 1, 2], [5, 6]]. */
export function drawnRuns(points: readonly LinePoint[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  points.forEach((p, i) => {
    if (p.values) run.push(i);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  });
  return run.length > 0 ? [...runs, run] : runs;
}

export function TimeChart({ title, points, series }: { readonly title: string; readonly points: readonly LinePoint[]; readonly series: readonly Series[] }) {
  const id = useId();
  const { t } = useTranslation('charts');
  const value = (p: LinePoint, key: string) => p.values?.[key] ?? 0;
  const max = niceMax(Math.max(0, ...points.flatMap((p) => series.map((s) => value(p, s.key)))));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  // Each bucket is a band; bars fill most of it, lines join the band centres.
  const band = innerW / Math.max(1, points.length);
  const x = (i: number) => PAD.left + (i + 0.5) * band;
  const barWidth = Math.max(1, band * 0.72);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, max / 2, max];
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  const totals = series.map((s) => `${s.name}: ${formatCount(points.reduce((sum, p) => sum + value(p, s.key), 0))}`).join(', ');
  const future = points.filter((p) => !p.values).length;
  const runs = drawnRuns(points);
  const summary = { count: points.length, first: points[0]?.label ?? '—', last: points[points.length - 1]?.label ?? '—', totals, future };

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          {future > 0 ? t('summaryNotYet', summary) : t('summary', summary)}
        </desc>
        {ticks.map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {Number.isInteger(tick) ? formatCount(tick) : formatDecimal(tick)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={p.label} className="chart-x-label" x={x(i)} y={HEIGHT - 8} textAnchor="middle">
              {shortLabel(p.label)}
            </text>
          ) : null,
        )}
        {series
          .filter((s) => s.kind === 'bar')
          .map((s) => (
            <g key={s.key} className={`chart-bar ${s.className}`}>
              {points.map((p, i) => {
                const v = value(p, s.key);
                return v > 0 ? <rect key={p.label} x={x(i) - barWidth / 2} y={y(v)} width={barWidth} height={PAD.top + innerH - y(v)} rx={Math.min(3, barWidth / 4)} /> : null;
              })}
            </g>
          ))}
        {series
          .filter((s) => s.kind !== 'bar')
          .flatMap((s) =>
            runs.map((run) =>
              run.length === 1 ? (
                <circle key={`${s.key}-${run[0]}`} className={`chart-dot ${s.className}`} cx={x(run[0] as number)} cy={y(value(points[run[0] as number] as LinePoint, s.key))} r={4} />
              ) : (
                <polyline key={`${s.key}-${run[0]}`} className={`chart-line ${s.className}`} fill="none" points={run.map((i) => `${x(i)},${y(value(points[i] as LinePoint, s.key))}`).join(' ')} />
              ),
            ),
          )}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`chart-swatch ${s.kind === 'bar' ? 'chart-swatch-bar' : ''} ${s.className}`} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
        <details className="chart-table">
          <summary>{t('showNumbers')}</summary>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('period')}</th>
                  {series.map((s) => (
                    <th scope="col" key={s.key}>
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.label}>
                    <th scope="row">{p.label}</th>
                    {series.map((s) => (
                      <td key={s.key}>{p.values ? formatCount(value(p, s.key)) : t('notYet')}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}

/** '2026-11-24' → '24 Nov' ('24 nov.' in French); '2026-11-24 13:00' → '13:00' (hours of a day read better alone). */
function shortLabel(label: string): string {
  const hour = /^\d{4}-\d{2}-\d{2} (\d{2}:\d{2})$/.exec(label);
  if (hour) return hour[1] as string;
  return /^\d{4}-\d{2}-\d{2}$/.test(label) ? formatDay(label, false) : label;
}
