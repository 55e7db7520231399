// Deciding, in the transaction that stores the events, what to forward where. A delivery per
// (platform, event) for the platforms the client forwards to and the page carries a tag of.
//
// When it is due:
//   Meta, TikTok, outside consent regions: at once (they deduplicate against the pixel by event id).
//   Meta, TikTok, in a consent region: when the browser's confirmation brings the fan's choice, or
//     after the grace window (then the stored dt_consent choice decides; no choice, nothing sent).
//   GA4 (which cannot deduplicate): when the confirmation says whether gtag.js delivered it, or
//     after the grace window without one.
// What is finally sent is decided when the delivery is due (decide.ts), from the event as it then
// is: its confirmation, consent, exclusion, or its erasure.
import type { Kysely } from 'kysely';
import type { Connection } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { enqueue, type NewDelivery } from '../delivery/queue.js';
import type { TrackedEvent } from '../tracking/event.js';
import { payloadFor } from './payload.js';
import { activePlatforms, loadForwarding, NO_FORWARDING, PLATFORMS, type Platform } from './settings.js';

export interface ForwardingHooks {
  /** In the events' transaction: their deliveries. */
  enqueue(trx: Kysely<Schema>, events: readonly TrackedEvent[]): Promise<void>;
  /** After confirmations were copied onto these events: what waited for them is due now. */
  confirmed(eventIds: readonly string[]): Promise<void>;
}

export interface HookOptions {
  readonly graceMs: number;
  readonly clock?: () => number;
  /** Told which platforms each client of a batch forwards to, as just read. */
  readonly onSettings?: (clientId: string, platforms: readonly Platform[]) => void;
}

export function forwardingHooks(database: Connection, { graceMs, clock = Date.now, onSettings }: HookOptions): ForwardingHooks {
  return {
    async enqueue(trx, events) {
      const candidates = events.filter((e) => e.forward !== undefined);
      if (candidates.length === 0) return;
      const clientIds = [...new Set(candidates.map((e) => e.client_id))];
      const settings = await loadForwarding(trx, clientIds);
      for (const id of clientIds) onSettings?.(id, activePlatforms(settings.get(id) ?? NO_FORWARDING));
      if (settings.size === 0) return;
      const deliveries: NewDelivery[] = [];
      for (const event of candidates) {
        const ctx = event.forward;
        const client = settings.get(event.client_id);
        if (!ctx || !client) continue;
        for (const platform of activePlatforms(client)) {
          if (!ctx.ids[platform]) continue;
          const waits = platform === 'ga4' || ctx.consentRegion;
          deliveries.push({
            key: event.event_id,
            clientId: event.client_id,
            destination: platform,
            payload: payloadFor(platform, event, ctx),
            ...(waits ? { notBefore: event.ts + graceMs } : { notBefore: event.ts }),
          });
        }
      }
      await enqueue(trx, database, deliveries, clock());
    },
    async confirmed(eventIds) {
      if (eventIds.length === 0) return;
      const now = clock();
      const ids = eventIds.flatMap((id) => PLATFORMS.map((p) => `${p}:${id}`));
      for (let i = 0; i < ids.length; i += 500) {
        await database.db
          .updateTable('deliveries')
          .set({ next_attempt_at: now })
          .where('id', 'in', ids.slice(i, i + 500))
          .where('state', '=', 'pending')
          .where('attempts', '=', 0)
          .where('next_attempt_at', '>', now)
          .execute();
      }
    },
  };
}
