// The alert engine, evaluated periodically on every node. Each rule measures one client and says
// whether it is firing; the engine turns that into incidents (rows of `alerts`) and messages:
//   tracking_rate  server tracking rate over the last hour ≤ 95 %, with ≥ 20 browser-confirmed
//                  views → Slack
//   traffic_spike  human views in the last hour ≥ 100 and ≥ 3 times the median of the same hour on the
//                  previous 7 days (or that median is 0: said as "no usual level yet" for a client
//                  without any view in those days) → email
//   tags_failing   in ≥ 50 % of the browsers that confirmed a view in the last hour (≥ 20), a
//                  configured tag failed to load, or the page's CSP blocked a host ≥ 5 times in the
//                  last hour (violation reports, csp-reports.ts) → a dashboard notification (the
//                  alert row itself) naming the tags and the blocked hosts
// At most one incident can be open per rule and client (a partial unique index), so among several
// nodes exactly one opens it and one resolves it: one alert and one "resolved" message per
// incident. After a resolution the rule stays quiet for the cooldown (no flapping).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BaseLogger } from 'pino';
import type { Schema } from '../db/schema.js';
import { createMailer } from '../delivery/mail.js';
import type { Outbound } from '../delivery/outbound.js';
import { listClients, type Client } from '../tenants/client.js';
import { blockedHostCounts } from './csp-reports.js';
import { TAG_LABELS } from './tag-labels.js';
import { HEALTHY_SERVER_RATE, trackingHealth } from './tracking-health.js';

export interface AlertOptions {
  readonly slackWebhookUrl: string | null;
  /** The guard Slack and SMTP are reached through: no private address, no redirect followed. */
  readonly outbound: Outbound;
  /** Told of every incident opened or resolved (metrics). */
  readonly onAlert?: (rule: string, event: 'opened' | 'resolved') => void;
  readonly smtpUrl?: string | null;
  readonly emailTo?: readonly string[];
  readonly emailFrom?: string;
  readonly cooldownMs?: number;
}

export interface AlertEngine {
  /** Evaluates every rule for every client once. */
  evaluate(now?: number): Promise<void>;
}

type Channel = 'slack' | 'email' | 'dashboard';

/** A rule's reading of one client: firing or not, in words; null when there is too little to judge. */
interface Verdict {
  readonly firing: boolean;
  readonly text: string;
  readonly details: unknown;
}

interface Rule {
  readonly name: string;
  readonly channel: Channel;
  measure(db: Kysely<Schema>, client: Client, now: number): Promise<Verdict | null>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One client's events in the hour ending at `to`. */
function hourOfEvents(db: Kysely<Schema>, clientId: string, to: number) {
  return db.selectFrom('events').where('client_id', '=', clientId).where('ts', '>', to - HOUR_MS).where('ts', '<=', to);
}

const trackingRate: Rule = {
  name: 'tracking_rate',
  channel: 'slack',
  async measure(db, client, now) {
    const health = await trackingHealth(db, { clientId: client.id, now, windowMs: HOUR_MS });
    const d = health.details;
    if (d.browserConfirmedViews < 20) return null;
    const firing = health.status === 'warning';
    return {
      firing,
      text: firing
        ? `${client.name}: server tracking rate ${health.stats.serverTrackingRate} over the last hour (${d.browserConfirmedViewsStoredByServer} of ${d.browserConfirmedViews} browser-confirmed views stored; alert at ${HEALTHY_SERVER_RATE} %).`
        : `${client.name}: server tracking rate back to ${health.stats.serverTrackingRate} over the last hour. Resolved.`,
      details: { ...health, alertBelow: HEALTHY_SERVER_RATE },
    };
  },
};

const trafficSpike: Rule = {
  name: 'traffic_spike',
  channel: 'email',
  async measure(db, client, now) {
    const humanViews = async (to: number) => {
      const row = await hourOfEvents(db, client.id, to)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('type', '=', 'view')
        .where('excluded_reason', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const [current = 0, ...previous] = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((days) => humanViews(now - days * DAY_MS)));
    const usual = median(previous);
    const firing = current >= 100 && current >= 3 * Math.max(usual, 1);
    // With no usual level the spike is said as such, not as a ratio to zero.
    const level = usual > 0 ? 'usual' : (await hadViews(db, client.id, now - 7 * DAY_MS, now - HOUR_MS)) ? 'none_at_this_hour' : 'none_yet';
    const baseline = level === 'usual' ? null : level === 'none_at_this_hour' ? 'usually none at this hour (median of the same hour on the previous 7 days: 0)' : 'no usual level yet (no views in the previous 7 days: a new client or its first traffic)';
    return {
      firing,
      text: firing
        ? baseline
          ? `${client.name}: ${current} views in the last hour; ${baseline}.`
          : `${client.name}: ${current} views in the last hour, ${(current / usual).toFixed(1)} times the usual ${usual} (median of the same hour on the previous 7 days).`
        : `${client.name}: traffic back to normal (${current} views in the last hour; ${baseline ? 'usually none' : `usual ${usual}`}). Resolved.`,
      details: { current, previous, usual, level },
    };
  },
};

/** Whether the client had any human view between two instants. */
async function hadViews(db: Kysely<Schema>, clientId: string, from: number, to: number): Promise<boolean> {
  const row = await db.selectFrom('events').select('event_id').where('client_id', '=', clientId).where('ts', '>', from).where('ts', '<=', to).where('type', '=', 'view').where('excluded_reason', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Reports of one blocked host within the hour that make the tags_failing rule fire. */
export const BLOCKED_HOST_ALERT_REPORTS = 5;

/**
 * Fires when most browsers report a configured tag failed, or when the page's CSP blocked a host
 * repeatedly (a tag a GTM container added that the tag policy does not allow). Judged with ≥ 20
 * browser confirmations in the hour, or as soon as a host is blocked that often.
 */
const tagsFailing: Rule = {
  name: 'tags_failing',
  channel: 'dashboard',
  async measure(db, client, now) {
    const rows = await hourOfEvents(db, client.id, now).select('client_tags').where('type', '=', 'client').where('service', 'is', null).execute();
    const blocked = (await blockedHostCounts(db, [client.id], HOUR_MS, now)).filter((b) => b.reports >= BLOCKED_HOST_ALERT_REPORTS);
    if (rows.length < 20 && blocked.length === 0) return null;
    const failures: Record<string, number> = {};
    let failed = 0;
    for (const row of rows) {
      const tags = Object.entries(JSON.parse(row.client_tags ?? '{}') as Record<string, string>).filter(([, state]) => state === 'blocked');
      if (tags.length > 0) failed++;
      for (const [tag] of tags) failures[tag] = (failures[tag] ?? 0) + 1;
    }
    const tagsFail = rows.length >= 20 && failed / rows.length >= 0.5;
    const which = Object.entries(failures).map(([tag, n]) => `${TAG_LABELS[tag] ?? tag} ${n}`).join(', ');
    const hosts = blocked.map((b) => `${b.host} (${b.reports})`).join(', ');
    const problems = [
      ...(tagsFail ? [`tags failed to load in ${Math.round((failed / rows.length) * 100)} % of the browsers that showed a page in the last hour (${failed} of ${rows.length}: ${which})`] : []),
      ...(blocked.length > 0 ? [`the page's policy blocked ${hosts} in the last hour (add the host to the tag policy's allow-list, or remove the tag)`] : []),
    ];
    return {
      firing: problems.length > 0,
      text: problems.length > 0 ? `${client.name}: ${problems.join('; ')}.` : `${client.name}: tags load again (${rows.length - failed} of ${rows.length} browsers in the last hour). Resolved.`,
      details: { confirmations: rows.length, failed, failures, blockedHosts: blocked },
    };
  },
};

const RULES: readonly Rule[] = [trackingRate, trafficSpike, tagsFailing];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function createAlertEngine(db: Kysely<Schema>, log: Pick<BaseLogger, 'warn' | 'error'>, options: AlertOptions): AlertEngine {
  const cooldownMs = options.cooldownMs ?? 30 * 60_000;
  const mailer = options.emailTo?.length ? createMailer(options.smtpUrl ?? null, options.outbound) : null;

  async function send(channel: Channel, client: Client, subject: string, text: string): Promise<void> {
    const slackUrl = client.settings.slackWebhookUrl ?? options.slackWebhookUrl;
    try {
      if (channel === 'slack' && slackUrl) {
        const res = await options.outbound.post(slackUrl, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `${subject} ${text}` }), timeoutMs: 5000 });
        if (res.status < 200 || res.status >= 300) log.warn({ status: res.status }, 'Slack webhook refused the alert');
      }
      if (channel === 'email' && mailer) {
        await mailer({ from: options.emailFrom ?? 'Duotrack <alerts@duotrack.local>', to: options.emailTo ?? [], subject: `${subject} ${text.split(':')[0]}`, text });
      }
    } catch (err) {
      log.warn({ err: { message: (err as Error).message }, channel }, 'alert could not be sent');
    }
  }

  async function open(rule: Rule, client: Client, verdict: Verdict, now: number): Promise<void> {
    const recent = await db.selectFrom('alerts').select('id').where('rule', '=', rule.name).where('scope', '=', client.id).where('resolved_at', '>', now - cooldownMs).executeTakeFirst();
    if (recent) return;
    const opened = await db
      .insertInto('alerts')
      .values({ id: randomUUID(), rule: rule.name, scope: client.id, state: 'open', opened_at: now, resolved_at: null, message: verdict.text, details: JSON.stringify(verdict.details), read_at: null })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!opened) return;
    options.onAlert?.(rule.name, 'opened');
    await send(rule.channel, client, rule.channel === 'slack' ? ':red_circle: Duotrack —' : '[Duotrack alert]', verdict.text);
  }

  async function resolve(rule: Rule, client: Client, verdict: Verdict, now: number): Promise<void> {
    const resolved = await db
      .updateTable('alerts')
      .set({ state: 'resolved', resolved_at: now })
      .where('rule', '=', rule.name)
      .where('scope', '=', client.id)
      .where('state', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!resolved) return;
    options.onAlert?.(rule.name, 'resolved');
    await send(rule.channel, client, rule.channel === 'slack' ? ':white_check_mark: Duotrack —' : '[Duotrack resolved]', verdict.text);
  }

  return {
    async evaluate(now = Date.now()) {
      for (const client of await listClients(db)) {
        for (const rule of RULES) {
          const verdict = await rule.measure(db, client, now);
          if (verdict) await (verdict.firing ? open(rule, client, verdict, now) : resolve(rule, client, verdict, now));
        }
      }
    },
  };
}
