// CSP violation reports from smartlink pages, counted per client, blocked host and ten minutes.
// Only the blocked resource's host is kept (or 'inline' / 'eval' for a blocked inline script or
// eval): never its path or query, never the page's URL, never the sender's address. The counts
// show which host a client's tags need (the tracking-performance panel) and raise the
// tags_failing alert; they are kept CSP_REPORTS_KEPT_MS.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export const CSP_BUCKET_MS = 10 * 60_000;
export const CSP_REPORTS_KEPT_MS = 35 * 24 * 3_600_000;
/** Reports read from one request body (the Reporting API batches several). */
export const MAX_REPORTS_PER_BODY = 20;

const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/;
const KEYWORDS: Readonly<Record<string, string>> = { inline: "'inline'", eval: "'eval'", 'wasm-eval': "'eval'" };

/** The host a blocked URL (or keyword) names, or null when it names none worth counting. */
export function blockedHost(blocked: unknown): string | null {
  if (typeof blocked !== 'string' || blocked.length > 4096) return null;
  const keyword = KEYWORDS[blocked];
  if (keyword) return keyword;
  let url: URL;
  try {
    url = new URL(blocked);
  } catch {
    return null;
  }
  return ['https:', 'http:', 'wss:', 'ws:'].includes(url.protocol) && HOST.test(url.host) ? url.host : null;
}

/**
 * The blocked hosts of a report body: `application/csp-report` ({"csp-report": {"blocked-uri"}})
 * or `application/reports+json` ([{type: "csp-violation", body: {blockedURL}}]). Anything else in
 * the body is ignored.
 */
export function blockedHostsOf(body: unknown): string[] {
  const reports = Array.isArray(body) ? body.slice(0, MAX_REPORTS_PER_BODY) : [body];
  return reports.flatMap((report) => {
    if (!report || typeof report !== 'object') return [];
    const r = report as { 'csp-report'?: { 'blocked-uri'?: unknown }; type?: unknown; body?: { blockedURL?: unknown } };
    const blocked = r['csp-report'] ? r['csp-report']['blocked-uri'] : r.type === 'csp-violation' ? r.body?.blockedURL : undefined;
    const host = blockedHost(blocked);
    return host ? [host] : [];
  });
}

/** Adds the reports of `hosts` (repeats count) to the client's counts of the current ten minutes. */
export async function recordBlockedHosts(db: Kysely<Schema>, clientId: string, hosts: readonly string[], now = Date.now()): Promise<void> {
  if (hosts.length === 0) return;
  const bucket = Math.floor(now / CSP_BUCKET_MS) * CSP_BUCKET_MS;
  const counts = new Map<string, number>();
  for (const host of hosts) counts.set(host, (counts.get(host) ?? 0) + 1);
  await db
    .insertInto('csp_reports')
    .values([...counts].map(([host, reports]) => ({ client_id: clientId, host, bucket, reports })))
    .onConflict((oc) => oc.columns(['client_id', 'host', 'bucket']).doUpdateSet({ reports: (eb) => eb('csp_reports.reports', '+', eb.ref('excluded.reports')) }))
    .execute();
}

/** Deletes the counts older than CSP_REPORTS_KEPT_MS. */
export async function forgetOldCspReports(db: Kysely<Schema>, now = Date.now()): Promise<void> {
  await db.deleteFrom('csp_reports').where('bucket', '<', now - CSP_REPORTS_KEPT_MS).execute();
}

export interface BlockedHostCount {
  readonly host: string;
  readonly reports: number;
}

/**
 * Reports per blocked host of `clientIds` over the `windowMs` before `now`, most reported first.
 * To the ten minutes: the window covers the buckets that start after `now - windowMs`.
 */
export async function blockedHostCounts(db: Kysely<Schema>, clientIds: readonly string[], windowMs: number, now = Date.now()): Promise<BlockedHostCount[]> {
  if (clientIds.length === 0) return [];
  const rows = await db
    .selectFrom('csp_reports')
    .select(['host', (eb) => eb.fn.sum<number | string>('reports').as('reports')])
    .where('client_id', 'in', clientIds)
    .where('bucket', '>', now - windowMs)
    .groupBy('host')
    .execute();
  return rows.map((r) => ({ host: r.host, reports: Number(r.reports) })).sort((a, b) => b.reports - a.reports || a.host.localeCompare(b.host));
}
