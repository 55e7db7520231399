// Reconciliation (SPEC §11, phase 2): Duotrack's counts next to the legacy system's, per client and
// local day (or hour) over a window — by default the last 48 hours: the last two whole days, or the
// last 48 whole hours — with the difference, the percentage and a verdict against a tolerance
// (default ±2 %). Each period says what explains a gap: traffic Duotrack excludes (bots, link
// previews, prefetches), views whose fan refused consent or whose browser tags never ran (a
// tag-based legacy system misses them), and opted-out fans (counted anonymously). A client is
// ready to switch when every period has legacy data and is within the tolerance.
//
// Duotrack's side is read from the rollups, in the client's time zone, over the smartlinks the
// legacy import covers (the client-wide rows when it covers none), so both sides count the same
// links. Callers fold the rollups first.
import { sql, type Kysely } from 'kysely';
import type { Schema, TrackingMode } from '../db/schema.js';
import { ALL_SMARTLINKS } from '../analytics/aggregate.js';
import { InvalidReport, reportDays } from '../analytics/report.js';
import { addDays, bucketStart, dayIndex, daysOf, hourAlignment, localTime } from '../analytics/time-zone.js';
import { migrationStates } from './mode.js';

export type Granularity = 'day' | 'hour';
export type Verdict = 'within' | 'outside' | 'no_legacy_data';

export const DEFAULT_TOLERANCE = 2; // percent
export const DEFAULT_HOURS = 48;
export const MAX_HOURS = 24 * 31;
const HOUR_MS = 3_600_000;

export interface ReconcileOptions {
  /** One client; null: every client migrating (not on duotrack) or with legacy counts. */
  readonly clientId?: string | null;
  readonly sees?: (clientId: string) => boolean;
  /** Local days (YYYY-MM-DD, inclusive); otherwise the last `hours`. */
  readonly from?: string;
  readonly to?: string;
  readonly hours?: number;
  readonly granularity?: Granularity;
  readonly tolerance?: number;
  readonly now?: number;
}

export interface Side {
  readonly views: number;
  readonly clicks: number;
}

export interface Explanation {
  /** Views Duotrack excluded as bots, link previews, HEAD requests or empty user agents. */
  readonly botViews: number;
  /** Prefetched views never shown to a fan. */
  readonly prefetchViews: number;
  /** Human views whose fan refused consent (server-counted; browser tags never fired). */
  readonly consentRefusedViews: number;
  /** Human views the browser never confirmed (blockers, refusals, no script). */
  readonly unconfirmedViews: number;
  /** Human views confirmed by the browser, in % (SPEC §9). */
  readonly clientTrackingRate: number;
  /** Human views of fans who opted out (counted anonymously). */
  readonly optOutViews: number;
  /** The same, in words, only what applies. */
  readonly notes: readonly string[];
}

export interface PeriodReconciliation {
  readonly period: string; // "2026-11-24" or "2026-11-24 14:00" (local)
  readonly start: string; // ISO instant
  readonly duotrack: Side;
  readonly legacy: (Side & { readonly uniques: number | null }) | null;
  /** Duotrack − legacy. */
  readonly difference: Side | null;
  /** (Duotrack − legacy) / legacy, in %, one decimal; null when legacy counted 0 and Duotrack more. */
  readonly percent: { readonly views: number | null; readonly clicks: number | null } | null;
  readonly verdict: Verdict;
  readonly explanation: Explanation;
}

export interface ClientReconciliation {
  readonly clientId: string;
  readonly name: string;
  readonly mode: TrackingMode;
  readonly previousMode: TrackingMode | null;
  readonly timeZone: string;
  readonly window: { readonly from: string; readonly to: string };
  /** Smartlinks compared (those the legacy import covers); 0: the client-wide counts. */
  readonly smartlinks: number;
  readonly readyToSwitch: boolean;
  readonly periods: readonly PeriodReconciliation[];
  readonly total: PeriodReconciliation;
}

export interface Reconciliation {
  readonly granularity: Granularity;
  readonly tolerance: number;
  readonly clients: readonly ClientReconciliation[];
}

interface Period {
  readonly label: string;
  readonly start: number;
}

/** The periods of the window for one client's zone. */
export function windowPeriods(timeZone: string, options: Pick<ReconcileOptions, 'from' | 'to' | 'hours' | 'granularity' | 'now'>): { periods: Period[]; start: number; end: number } {
  const granularity = options.granularity ?? 'day';
  const now = options.now ?? Date.now();
  const hours = options.hours ?? DEFAULT_HOURS;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) throw new InvalidReport(`hours: 1 to ${MAX_HOURS}`);
  const hourLabel = (t: number) => {
    const l = localTime(t, timeZone);
    return `${l.date} ${String(l.hour).padStart(2, '0')}:00`;
  };
  let start: number;
  let end: number;
  let from: string;
  let to: string;
  if (options.from !== undefined || options.to !== undefined) {
    const days = reportDays(timeZone, { from: options.from, to: options.to ?? options.from }, now, { maxDays: granularity === 'hour' ? 31 : 366 });
    ({ start, end, from, to } = days);
  } else if (granularity === 'hour') {
    end = bucketStart(now, hourAlignment(timeZone)); // the current hour is not over
    start = end - hours * HOUR_MS;
    return { periods: Array.from({ length: hours }, (_, i) => ({ label: hourLabel(start + i * HOUR_MS), start: start + i * HOUR_MS })), start, end };
  } else {
    to = addDays(localTime(now, timeZone).date, -1); // today is not over
    from = addDays(to, -(Math.ceil(hours / 24) - 1));
    ({ start, end } = reportDays(timeZone, { from, to }, now));
  }
  if (granularity === 'hour') {
    const periods: Period[] = [];
    for (let t = start; t < end; t += HOUR_MS) periods.push({ label: hourLabel(t), start: t });
    return { periods, start, end };
  }
  return { periods: daysOf(from, to, timeZone).days.map((d) => ({ label: d.date, start: d.start })), start, end };
}

const percentOf = (duotrack: number, legacy: number): number | null =>
  legacy === 0 ? (duotrack === 0 ? 0 : null) : Math.round(((duotrack - legacy) / legacy) * 1000) / 10;

interface Sums {
  views: number;
  clicks: number;
  confirmedViews: number;
  botViews: number;
  prefetchViews: number;
  consentRefusedViews: number;
  optOutViews: number;
}
const noSums = (): Sums => ({ views: 0, clicks: 0, confirmedViews: 0, botViews: 0, prefetchViews: 0, consentRefusedViews: 0, optOutViews: 0 });

function explain(s: Sums): Explanation {
  const unconfirmedViews = Math.max(0, s.views - s.confirmedViews);
  const clientTrackingRate = s.views === 0 ? 100 : Math.min(100, Math.round((s.confirmedViews / s.views) * 1000) / 10);
  const notes: string[] = [];
  if (s.botViews > 0) notes.push(`${s.botViews} bot or link-preview view(s) excluded by Duotrack: a legacy system that counts them shows more`);
  if (s.prefetchViews > 0) notes.push(`${s.prefetchViews} prefetched view(s) never shown to a fan, not counted`);
  if (s.consentRefusedViews > 0) notes.push(`${s.consentRefusedViews} view(s) whose fan refused consent: counted by Duotrack's server, invisible to browser tags`);
  if (unconfirmedViews > 0) notes.push(`browser tags confirmed ${clientTrackingRate} % of views: a tag-based legacy system misses up to ${unconfirmedViews} (blockers, refusals)`);
  if (s.optOutViews > 0) notes.push(`${s.optOutViews} view(s) of opted-out fans, counted anonymously`);
  return { botViews: s.botViews, prefetchViews: s.prefetchViews, consentRefusedViews: s.consentRefusedViews, unconfirmedViews, clientTrackingRate, optOutViews: s.optOutViews, notes };
}

function row(period: Period, s: Sums, legacy: (Side & { uniques: number | null }) | null, tolerance: number): PeriodReconciliation {
  const duotrack = { views: s.views, clicks: s.clicks };
  const percent = legacy && { views: percentOf(s.views, legacy.views), clicks: percentOf(s.clicks, legacy.clicks) };
  const within = (p: number | null) => p !== null && Math.abs(p) <= tolerance;
  return {
    period: period.label,
    start: new Date(period.start).toISOString(),
    duotrack,
    legacy,
    difference: legacy && { views: s.views - legacy.views, clicks: s.clicks - legacy.clicks },
    percent,
    verdict: !percent ? 'no_legacy_data' : within(percent.views) && within(percent.clicks) ? 'within' : 'outside',
    explanation: explain(s),
  };
}

export async function reconcile(db: Kysely<Schema>, options: ReconcileOptions = {}): Promise<Reconciliation> {
  const granularity = options.granularity ?? 'day';
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance >= 0 && tolerance <= 100)) throw new InvalidReport('tolerance: 0 to 100 (percent)');
  const sees = options.sees ?? (() => true);
  let clients = await db.selectFrom('clients').select(['id', 'name', 'time_zone']).orderBy('name').orderBy('id').execute();
  clients = clients.filter((c) => sees(c.id) && (options.clientId == null || c.id === options.clientId));
  const states = await migrationStates(db, clients.map((c) => c.id));
  if (options.clientId == null) {
    const withLegacy = new Set((await db.selectFrom('legacy_counts').select('client_id').distinct().execute()).map((r) => r.client_id));
    clients = clients.filter((c) => withLegacy.has(c.id) || states.get(c.id)?.mode !== 'duotrack');
  }
  const result: ClientReconciliation[] = [];
  for (const client of clients) {
    const state = states.get(client.id);
    const { periods, start, end } = windowPeriods(client.time_zone, { ...options, granularity });
    const indexOf = (t: number) => (granularity === 'day' ? dayIndex(periods, t) : Math.floor((t - start) / HOUR_MS));

    // Legacy: day rows for days, or the hours of a (smartlink, day) without a day row; hour rows for hours.
    const legacyRows = await db.selectFrom('legacy_counts').selectAll().where('client_id', '=', client.id).where('period_start', '>=', start).where('period_start', '<', end).execute();
    const smartlinks = [...new Set(legacyRows.map((r) => r.smartlink_id))];
    const dayRows = new Set(legacyRows.filter((r) => r.granularity === 'day').map((r) => `${r.smartlink_id}|${indexOf(Number(r.period_start))}`));
    const legacy = periods.map((): (Side & { uniques: number | null }) | null => null);
    for (const r of legacyRows) {
      const i = indexOf(Number(r.period_start));
      if (granularity === 'hour' ? r.granularity !== 'hour' : r.granularity === 'hour' && dayRows.has(`${r.smartlink_id}|${i}`)) continue;
      const l = legacy[i] ?? { views: 0, clicks: 0, uniques: 0 };
      legacy[i] = { views: l.views + Number(r.views), clicks: l.clicks + Number(r.clicks), uniques: l.uniques === null || r.uniques === null ? null : l.uniques + Number(r.uniques) };
    }

    // Duotrack: totals, exclusions, consent and opt-outs per bucket, over the compared smartlinks.
    const sums = periods.map(noSums);
    const rollups = await db
      .selectFrom('rollups')
      .where('client_id', '=', client.id)
      .where('smartlink_id', 'in', smartlinks.length > 0 ? smartlinks : [ALL_SMARTLINKS])
      .where('dim', 'in', ['', 'excluded', 'consent', 'opt_out'])
      .where('bucket', '>=', start)
      .where('bucket', '<', end)
      .select(['bucket', 'dim', 'value', sql<number>`sum(views)`.as('views'), sql<number>`sum(clicks)`.as('clicks'), sql<number>`sum(confirmed_views)`.as('confirmed_views')])
      .groupBy(['bucket', 'dim', 'value'])
      .execute();
    for (const r of rollups) {
      const s = sums[indexOf(Number(r.bucket))] as Sums;
      const views = Number(r.views ?? 0);
      if (r.dim === '') {
        s.views += views;
        s.clicks += Number(r.clicks ?? 0);
        s.confirmedViews += Number(r.confirmed_views ?? 0);
      } else if (r.dim === 'excluded') {
        if (r.value === 'prefetch') s.prefetchViews += views;
        else s.botViews += views;
      } else if (r.dim === 'consent' && r.value === 'denied') s.consentRefusedViews += views;
      else if (r.dim === 'opt_out' && r.value !== '') s.optOutViews += views;
    }

    const rows = periods.map((p, i) => row(p, sums[i] as Sums, legacy[i] ?? null, tolerance));
    const total = sums.reduce((a, s) => {
      for (const k of Object.keys(a) as (keyof Sums)[]) a[k] += s[k];
      return a;
    }, noSums());
    const legacyTotal = legacy.some((l) => l !== null)
      ? legacy.reduce<Side & { uniques: number | null }>((a, l) => (l ? { views: a.views + l.views, clicks: a.clicks + l.clicks, uniques: a.uniques === null || l.uniques === null ? null : a.uniques + l.uniques } : a), { views: 0, clicks: 0, uniques: 0 })
      : null;
    const first = periods[0] as Period;
    const last = periods[periods.length - 1] as Period;
    result.push({
      clientId: client.id,
      name: client.name,
      mode: state?.mode ?? 'duotrack',
      previousMode: state?.previousMode ?? null,
      timeZone: client.time_zone,
      window: { from: first.label, to: last.label },
      smartlinks: smartlinks.length,
      readyToSwitch: rows.length > 0 && rows.every((r) => r.verdict === 'within'),
      periods: rows,
      total: row({ label: `${first.label} – ${last.label}`, start: first.start }, total, legacyTotal, tolerance),
    });
  }
  return { granularity, tolerance, clients: result };
}
