// The three forwarding destinations of the delivery queue. Each batch is one client's: its
// credentials are read (and decrypted) once, the events' current state once, then each delivery is
// sent, skipped (decide.ts) or dead-lettered (too old for the platform), and the rest go out in
// requests of the platform's size, grouped by pixel (a smartlink may override the client's).
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Outbound } from '../delivery/outbound.js';
import type { Delivery, Destination, Outcome } from '../delivery/queue.js';
import { decide, type EventState } from './decide.js';
import { GA4_MAX_AGE_MS, sendToGa4 } from './ga4.js';
import { jsonPoster } from './http.js';
import type { IpMemory } from './ip-memory.js';
import { META_MAX_AGE_MS, META_MAX_EVENTS, sendToMeta } from './meta.js';
import type { ForwardPayload } from './payload.js';
import type { SecretBox } from '../tenants/secrets.js';
import { credentialsOf, loadForwarding, NO_FORWARDING, type Credentials, type Platform } from './settings.js';
import { sendToTikTok, TIKTOK_MAX_AGE_MS, TIKTOK_MAX_EVENTS } from './tiktok.js';

export interface ForwardingDeps {
  readonly config: Pick<Config, 'ga4MpUrl' | 'ga4MpEuUrl' | 'metaGraphUrl' | 'tiktokEventsUrl' | 'forwardingTimeoutMs'>;
  readonly database: Database;
  readonly box: SecretBox;
  readonly ipMemory: IpMemory;
  /** The guard every request to the platforms goes through (their URLs are the operator's, but checked the same). */
  readonly outbound: Outbound;
  readonly clock?: () => number;
}

type Batch = readonly Delivery<ForwardPayload>[];

export function forwardingDestinations(deps: ForwardingDeps): Destination<ForwardPayload>[] {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const ipOf = (eventId: string) => deps.ipMemory.recall(eventId, clock());
  const post = jsonPoster(deps.outbound, config.forwardingTimeoutMs);
  return [
    // Meta and TikTok deduplicate by event id: a send interrupted by a restart is sent again.
    destination('meta', META_MAX_EVENTS / 2, 'resend', META_MAX_AGE_MS, (creds, pixelId, batch) =>
      sendToMeta(config.metaGraphUrl, pixelId, creds.meta as NonNullable<Credentials['meta']>, batch, { post, ipOf, limitedDataUse: creds.limitedDataUse })),
    destination('tiktok', TIKTOK_MAX_EVENTS, 'resend', TIKTOK_MAX_AGE_MS, (creds, pixelId, batch) =>
      sendToTikTok(config.tiktokEventsUrl, pixelId, creds.tiktok as NonNullable<Credentials['tiktok']>, batch, { post, ipOf, limitedDataUse: creds.limitedDataUse })),
    // GA4 would count it twice: an interrupted send is dead-lettered, never repeated.
    destination('ga4', 100, 'dead', GA4_MAX_AGE_MS, async (creds, _pixelId, batch) => {
      const ga4 = creds.ga4 as NonNullable<Credentials['ga4']>;
      const base = ga4.region === 'eu' ? config.ga4MpEuUrl : config.ga4MpUrl;
      const outcomes = await mapLimited(batch, 8, (p) => sendToGa4(base, ga4, p, { post, ipOf }).catch((err: Error): Outcome => ({ kind: 'retry', error: err.message })));
      return outcomes;
    }),
  ];

  /**
   * `request` sends one pixel's payloads (within the batch size) and answers for all of them at
   * once (Meta, TikTok) or one by one (GA4).
   */
  function destination(
    name: Platform,
    batchSize: number,
    onInterrupted: 'resend' | 'dead',
    maxAgeMs: number,
    request: (creds: Credentials, pixelId: string, payloads: ForwardPayload[]) => Promise<Outcome | readonly Outcome[]>,
  ): Destination<ForwardPayload> {
    return {
      name,
      batchSize,
      onInterrupted,
      async send(batch: Batch) {
        const clientId = (batch[0] as Delivery<ForwardPayload>).clientId;
        const stored = (await loadForwarding(deps.database.db, [clientId])).get(clientId) ?? NO_FORWARDING;
        let creds: Credentials;
        try {
          creds = credentialsOf(stored, deps.box, clientId);
        } catch (err) {
          return batch.map(() => ({ kind: 'dead', error: `${name}: ${(err as Error).message}` }) as const);
        }
        if (!creds[name]) return batch.map(() => ({ kind: 'skipped', reason: `forwarding to ${name} is off for this client` }) as const);
        const states = await eventStates(deps.database, batch.map((d) => d.payload.eventId));
        const now = clock();
        const outcomes: Outcome[] = new Array<Outcome>(batch.length);
        const toSend = new Map<string, number[]>(); // pixel → indexes
        for (const [i, d] of batch.entries()) {
          const decision = decide(name, d.payload, states.get(d.payload.eventId), creds.outsideConsentRegions);
          if (!decision.send) outcomes[i] = { kind: 'skipped', reason: decision.reason };
          else if (now - d.payload.ts > maxAgeMs) outcomes[i] = { kind: 'dead', error: `older than ${name}'s limit of ${maxAgeMs / 3_600_000} hours; not sent` };
          else toSend.set(d.payload.pixelId, [...(toSend.get(d.payload.pixelId) ?? []), i]);
        }
        await Promise.all(
          [...toSend].map(async ([pixelId, indexes]) => {
            let answer: Outcome | readonly Outcome[];
            try {
              answer = await request(creds, pixelId, indexes.map((i) => (batch[i] as Delivery<ForwardPayload>).payload));
            } catch (err) {
              answer = { kind: 'retry', error: `${name}: ${(err as Error).message}` };
            }
            indexes.forEach((i, k) => (outcomes[i] = Array.isArray(answer) ? (answer[k] as Outcome) : (answer as Outcome)));
          }),
        );
        return outcomes;
      },
    };
  }
}

async function eventStates(database: Database, eventIds: readonly string[]): Promise<Map<string, EventState>> {
  const states = new Map<string, EventState>();
  for (let i = 0; i < eventIds.length; i += 500) {
    const rows = await database.db
      .selectFrom('events')
      .select(['event_id', 'excluded_reason', 'opt_out', 'client_consent', 'client_tags'])
      .where('event_id', 'in', eventIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const tags = r.client_tags ? (JSON.parse(r.client_tags) as { ga4?: string }) : null;
      states.set(r.event_id, { excludedReason: r.excluded_reason, optOut: r.opt_out, consent: r.client_consent as EventState['consent'], ga4Tag: tags?.ga4 ?? null });
    }
  }
  return states;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }));
  return out;
}
