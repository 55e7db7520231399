// The legacy mirror (SPEC §11, phase 1): while a client runs `legacy` or `dual` with a mirror on,
// every view and click Duotrack stores — human or excluded, with its flags — is also sent to the
// client's legacy webhook. The store enqueues a delivery in the very transaction that stores the
// event (never a request on the page's path); the delivery queue sends them in batches, retries a
// receiver that is down, and resends after an interruption: receivers deduplicate by `event_id`.
//
// Each request is signed: `X-Duotrack-Timestamp: <unix seconds>` and
// `X-Duotrack-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. A receiver
// recomputes it over the raw body, compares in constant time, and refuses a timestamp more than
// five minutes away from its clock (a replayed request).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { NewEventRow, Schema } from '../db/schema.js';
import type { Outbound } from '../delivery/outbound.js';
import { enqueue, type Delivery, type Destination, type Outcome } from '../delivery/queue.js';
import type { EventListener } from '../events/listeners.js';
import { mirrors, mirrorTarget } from './mode.js';
import type { SecretBox } from '../tenants/secrets.js';

export const MIRROR_DESTINATION = 'mirror';
export const SIGNATURE_HEADER = 'x-duotrack-signature';
export const TIMESTAMP_HEADER = 'x-duotrack-timestamp';
export const MAX_SKEW_SECONDS = 300;

/** One mirrored event: what Duotrack stored, minus nothing secret (the IP is already truncated). */
export interface MirroredEvent {
  readonly event_id: string;
  readonly type: 'view' | 'click';
  readonly client_id: string;
  readonly smartlink_id: string;
  readonly service: string | null;
  readonly ts: string; // ISO 8601
  readonly human: boolean;
  readonly excluded_reason: string | null; // crawler, link_preview, prefetch, head_request, empty_user_agent
  readonly is_unique: boolean;
  readonly opt_out: string | null;
  readonly ip_truncated: string | null;
  readonly user_agent: string;
  readonly country: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly device_type: string;
  readonly os: string | null;
  readonly browser: string | null;
  readonly in_app: string | null;
  readonly referrer_host: string | null;
  readonly channel: string;
  readonly utm_source: string | null;
  readonly utm_medium: string | null;
  readonly utm_campaign: string | null;
  readonly utm_term: string | null;
  readonly utm_content: string | null;
  readonly revenue: number | null;
}

export function mirroredEvent(e: NewEventRow): MirroredEvent {
  return {
    event_id: e.event_id,
    type: e.type as 'view' | 'click',
    client_id: e.client_id,
    smartlink_id: e.smartlink_id,
    service: e.service ?? null,
    ts: new Date(e.ts).toISOString(),
    human: e.excluded_reason === null,
    excluded_reason: e.excluded_reason ?? null,
    is_unique: e.is_unique === 1,
    opt_out: e.opt_out ?? null,
    ip_truncated: e.ip_truncated ?? null,
    user_agent: e.user_agent,
    country: e.country ?? null,
    region: e.region ?? null,
    city: e.city ?? null,
    device_type: e.device_type,
    os: e.os ?? null,
    browser: e.browser ?? null,
    in_app: e.in_app ?? null,
    referrer_host: e.referrer_host ?? null,
    channel: e.channel,
    utm_source: e.utm_source ?? null,
    utm_medium: e.utm_medium ?? null,
    utm_campaign: e.utm_campaign ?? null,
    utm_term: e.utm_term ?? null,
    utm_content: e.utm_content ?? null,
    revenue: e.revenue ?? null,
  };
}

/**
 * Inside the store's transaction: enqueues the batch's views and clicks of the clients mirroring
 * now. Cost on the hot path: one primary-key lookup per batch for the batch's few distinct clients
 * (the mirror table holds one row per migrating client), read in the same transaction so a switch
 * takes effect on every node at once; nothing else when no client of the batch mirrors.
 */
/** The event store tells the mirror of every event it stores. */
export const mirrorListener: EventListener = { added: (database, trx, events) => enqueueMirrored(trx, database, events) };

export async function enqueueMirrored(trx: Kysely<Schema>, database: Pick<Database, 'dialect'>, rows: readonly NewEventRow[], now = Date.now()): Promise<void> {
  const clientIds = [...new Set(rows.filter((r) => r.type === 'view' || r.type === 'click').map((r) => r.client_id))];
  if (clientIds.length === 0) return;
  const configs = await trx.selectFrom('client_migrations').select(['client_id', 'mode', 'mirror_url', 'mirror_enabled']).where('client_id', 'in', clientIds).execute();
  const mirrored = new Set(configs.filter(mirrors).map((c) => c.client_id));
  if (mirrored.size === 0) return;
  const deliveries = rows
    .filter((r) => (r.type === 'view' || r.type === 'click') && mirrored.has(r.client_id))
    .map((r) => ({ key: r.event_id, clientId: r.client_id, destination: MIRROR_DESTINATION, payload: mirroredEvent(r) }));
  await enqueue(trx, database, deliveries, now);
}

export function signature(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check (also what README shows): true when the body is authentic and fresh. */
export function verifySignature(secret: string, headers: { signature?: string; timestamp?: string }, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(signature(secret, ts, rawBody));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface MirrorOptions {
  readonly db: Kysely<Schema>;
  readonly box: SecretBox;
  readonly timeoutMs?: number; // default 10 s
  readonly batchSize?: number; // default 100
  /** The guard the webhook is called through: no private address, no redirect followed. */
  readonly outbound: Outbound;
  readonly clock?: () => number;
}

/**
 * The delivery queue's `mirror` destination: one signed POST of `{ events: [...] }` per batch.
 * 2xx: sent. 408, 429, 5xx, a timeout, a network error, a refused address or a redirect (never
 * followed: the signed POST must not turn into a GET elsewhere): retried with backoff, with the
 * reason. Another 4xx: the receiver refuses the content, dead-lettered with its status. A client that stopped mirroring
 * (switched to duotrack, mirror off or removed) has its pending events dead-lettered, unsent.
 */
export function mirrorDestination(options: MirrorOptions): Destination<MirroredEvent> {
  const clock = options.clock ?? Date.now;
  return {
    name: MIRROR_DESTINATION,
    batchSize: options.batchSize ?? 100,
    onInterrupted: 'resend',
    async send(batch: readonly Delivery<MirroredEvent>[]): Promise<readonly Outcome[]> {
      const all = (outcome: Outcome) => batch.map(() => outcome);
      const target = await mirrorTarget(options.db, (batch[0] as Delivery).clientId);
      if (!target) return all({ kind: 'dead', error: 'mirror turned off for this client' });
      const body = JSON.stringify({ events: batch.map((d) => d.payload) });
      const timestamp = Math.floor(clock() / 1000);
      const res = await options.outbound.post(target.url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Duotrack-Mirror/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signature(options.box.open(target.sealedSecret, (batch[0] as Delivery).clientId), timestamp, body),
        },
        body,
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      if (res.status >= 200 && res.status < 300) return all({ kind: 'sent' });
      const error = `HTTP ${res.status} from the legacy webhook`;
      return all(res.status === 408 || res.status === 429 || res.status >= 500 ? { kind: 'retry', error } : { kind: 'dead', error });
    },
  };
}
