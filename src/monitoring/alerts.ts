// The alert engine, evaluated periodically on every node. One rule so far:
//   tracking_rate: a client's server tracking rate over the last hour falls to 95 % or less, with
//   at least 20 browser-confirmed views → Slack; one "resolved" message once it is healthy again.
// An incident is a row of `alerts`. At most one can be open per rule and scope (a partial unique
// index), so among several nodes exactly one opens it and one resolves it: one incident, one
// alert, one resolution. After a resolution the rule stays quiet for the cooldown (no flapping).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BaseLogger } from 'pino';
import type { Schema } from '../db/schema.js';
import { listClients, type Client } from '../tenants/client.js';
import { trackingHealth, type TrackingHealth } from './tracking-health.js';

export interface AlertOptions {
  readonly slackWebhookUrl: string | null;
  readonly windowMs?: number;
  readonly minConfirmedViews?: number;
  readonly cooldownMs?: number;
}

export interface AlertEngine {
  /** Evaluates every rule for every client once. */
  evaluate(now?: number): Promise<void>;
}

const RULE = 'tracking_rate';

export function createAlertEngine(db: Kysely<Schema>, log: Pick<BaseLogger, 'warn' | 'error'>, options: AlertOptions): AlertEngine {
  const windowMs = options.windowMs ?? 3_600_000;
  const minConfirmed = options.minConfirmedViews ?? 20;
  const cooldownMs = options.cooldownMs ?? 30 * 60_000;

  async function slack(text: string): Promise<void> {
    if (!options.slackWebhookUrl) return;
    try {
      const res = await fetch(options.slackWebhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(5000) });
      if (!res.ok) log.warn({ status: res.status }, 'Slack webhook refused the alert');
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'Slack webhook unreachable');
    }
  }

  async function open(client: Client, health: TrackingHealth, now: number): Promise<void> {
    const recent = await db
      .selectFrom('alerts')
      .select('id')
      .where('rule', '=', RULE)
      .where('scope', '=', client.id)
      .where('resolved_at', '>', now - cooldownMs)
      .executeTakeFirst();
    if (recent) return;
    const d = health.details;
    const message = `Duotrack — ${client.name}: server tracking rate ${health.stats.serverTrackingRate} over the last hour (${d.browserConfirmedViewsStoredByServer} of ${d.browserConfirmedViews} browser-confirmed views stored; alert at 95 %).`;
    const opened = await db
      .insertInto('alerts')
      .values({ id: randomUUID(), rule: RULE, scope: client.id, state: 'open', opened_at: now, resolved_at: null, message, details: JSON.stringify(health) })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (opened) await slack(`:red_circle: ${message}`);
  }

  async function resolve(client: Client, health: TrackingHealth, now: number): Promise<void> {
    const resolved = await db
      .updateTable('alerts')
      .set({ state: 'resolved', resolved_at: now })
      .where('rule', '=', RULE)
      .where('scope', '=', client.id)
      .where('state', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (resolved) await slack(`:white_check_mark: Duotrack — ${client.name}: server tracking rate back to ${health.stats.serverTrackingRate} over the last hour. Resolved.`);
  }

  return {
    async evaluate(now = Date.now()) {
      for (const client of await listClients(db)) {
        const health = await trackingHealth(db, { clientId: client.id, now, windowMs });
        if (health.details.browserConfirmedViews < minConfirmed) continue; // too little to judge either way
        await (health.status === 'warning' ? open(client, health, now) : resolve(client, health, now));
      }
    },
  };
}
