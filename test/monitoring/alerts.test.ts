// The tracking-rate alert against a local HTTP server standing in for Slack, on every database:
// a loss of server events → one alert; evaluated again → nothing more; healthy again → one
// "resolved"; then quiet. Two engines (two app nodes) evaluating together still send one of each.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createOutbound } from '../../src/delivery/outbound.js';
import { createSmartlink, type Smartlink } from '../../src/links/smartlink.js';
import { createAlertEngine } from '../../src/monitoring/alerts.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const ALL_LOADED = JSON.stringify({ gtm: 'loaded', ga4: 'loaded', meta: 'loaded', tiktok: 'loaded' });
const silent = { warn: () => undefined, error: () => undefined };

interface Mail {
  readonly subject: string;
  readonly text: string;
  readonly to: string;
}

/** A local SMTP server standing in for the agency's; `mails` are those it received. */
async function startMailServer() {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        mails.push({ subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '', text: raw.split(/\r?\n\r?\n/).slice(1).join('\n'), to: session.envelope.rcptTo.map((r) => r.address).join(',') });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  return { mails, port: (smtp.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

describe.each(DIALECTS)('tracking-rate alerts on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let slack: Server;
  let slackUrl: string;
  const received: string[] = [];
  const paths: string[] = [];
  let client: Client;
  let smartlink: Smartlink;
  /** The app's outbound guard (loopback allowed: Slack and the mail server are stubs on this machine). */
  const loopback = () => createOutbound(t.ctx.config.outboundAllow);

  /** `n` browser confirmations; `stored` of them for views the server did store. */
  async function confirmations(n: number, stored: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      let confirms = uuidv7();
      if (i < stored) {
        const page = await t.app.inject({ url: '/alerted', headers: { 'user-agent': `${PHONE_UA} ${i}` } });
        confirms = JSON.parse(/id="dt-view">([^<]*)</.exec(page.body)![1]!).event_id;
      }
      const now = Date.now();
      const { stored: done } = t.ctx.tracker.track(
        { method: 'POST', ip: '216.160.83.56', userAgent: PHONE_UA, referrer: '', host: 'localhost', query: {}, headers: {}, now },
        { type: 'client', client, smartlink, service: null, confirmation: { confirms, client_tags: ALL_LOADED, client_consent: 'not_required' } },
      );
      await done;
    }
  }

  beforeAll(async () => {
    slack = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push(JSON.parse(body).text);
        paths.push(req.url ?? '');
        res.end('ok');
      });
    });
    await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/hook`;
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { ALERT_INTERVAL_MS: '0' });
    client = await createClient(t.ctx.database.db, { name: 'Alerted Label' });
    smartlink = await createSmartlink(t.ctx.database.db, { clientId: client.id, slug: 'alerted', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
    await new Promise((r) => slack.close(r));
  });

  it('alerts once on a loss of server events, and says once when it is resolved', async () => {
    const db = t.ctx.database.db;
    const nodeA = createAlertEngine(db, silent, { outbound: loopback(), slackWebhookUrl: slackUrl, cooldownMs: 0 });
    const nodeB = createAlertEngine(db, silent, { outbound: loopback(), slackWebhookUrl: slackUrl, cooldownMs: 0 });

    await confirmations(10, 10); // too few to judge
    await nodeA.evaluate();
    expect(received).toEqual([]);

    await confirmations(15, 5); // 25 confirmed by browsers, 15 stored by the server: 60 %
    await Promise.all([nodeA.evaluate(), nodeB.evaluate()]);
    await nodeA.evaluate();
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(':red_circle: Duotrack — Alerted Label: server tracking rate 60.0%');
    expect(await db.selectFrom('alerts').select(['rule', 'state']).where('rule', '=', 'tracking_rate').execute()).toEqual([{ rule: 'tracking_rate', state: 'open' }]);

    await confirmations(300, 300); // healthy again: 315 of 325, 96.9 %
    await Promise.all([nodeA.evaluate(), nodeB.evaluate()]);
    await nodeB.evaluate();
    expect(received).toHaveLength(2);
    expect(received[1]).toContain(':white_check_mark: Duotrack — Alerted Label: server tracking rate back to 96.9%');
    expect(await db.selectFrom('alerts').select('state').where('rule', '=', 'tracking_rate').execute()).toEqual([{ state: 'resolved' }]);
  });

  it('stays quiet during the cooldown after a resolution', async () => {
    const quiet = createAlertEngine(t.ctx.database.db, silent, { outbound: loopback(), slackWebhookUrl: slackUrl, cooldownMs: 3_600_000 });
    const before = received.length;
    await confirmations(200, 0); // the rate drops again right away
    await quiet.evaluate();
    expect(received).toHaveLength(before);
  });

  it('emails once on a traffic spike (against the same hour on the previous days), and once when it is over', async () => {
    const { mails, port, close } = await startMailServer();
    try {
      const db = t.ctx.database.db;
      const spiky = await createClient(db, { name: 'Spiky' });
      const link = await createSmartlink(db, { clientId: spiky.id, slug: 'spiky', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
      const now = Date.now();
      const view = (at: number, i: number) =>
        t.ctx.tracker.track(
          { method: 'GET', ip: `81.2.69.${i % 250}`, userAgent: `${PHONE_UA} s${i}`, referrer: '', host: 'localhost', query: {}, headers: {}, now: at },
          { type: 'view', client: spiky, smartlink: link, service: null },
        ).stored;
      // 10 views in this hour on each of the previous 7 days, then 150 now
      await Promise.all(Array.from({ length: 70 }, (_, i) => view(now - (1 + Math.floor(i / 10)) * 86_400_000 - 20 * 60_000, i)));
      await Promise.all(Array.from({ length: 150 }, (_, i) => view(now - 10 * 60_000, 1000 + i)));

      const engine = createAlertEngine(db, silent, { outbound: loopback(), slackWebhookUrl: null, smtpUrl: `smtp://127.0.0.1:${port}`, emailTo: ['ops@agency.test'], cooldownMs: 0 });
      const spikyMails = () => mails.filter((m) => m.subject.endsWith(' Spiky')); // other clients of this database alert too
      await engine.evaluate(now);
      await engine.evaluate(now + 60_000);
      expect(spikyMails()).toHaveLength(1);
      expect(spikyMails()[0]!.to).toBe('ops@agency.test');
      expect(spikyMails()[0]!.subject).toBe('[Duotrack alert] Spiky');
      expect(spikyMails()[0]!.text).toContain('Spiky: 150 views in the last hour, 15.0 times the usual 10');

      await engine.evaluate(now + 2 * 3_600_000); // the next hours are quiet
      expect(spikyMails()).toHaveLength(2);
      expect(spikyMails()[1]!.subject).toBe('[Duotrack resolved] Spiky');
      expect(spikyMails()[1]!.text).toContain('traffic back to normal');
    } finally {
      await close();
    }
  });

  it('notifies the dashboard when a client’s tags fail in browsers; the client sees it and marks it read, others never see it', async () => {
    const db = t.ctx.database.db;
    const tagged = await createClient(db, { name: 'Blocked Tags' });
    const link = await createSmartlink(db, { clientId: tagged.id, slug: 'blocked-tags', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    const now = Date.now();
    for (let i = 0; i < 25; i++) {
      const tags = JSON.stringify({ gtm: i < 20 ? 'blocked' : 'loaded', ga4: 'not_configured', meta: 'loaded', tiktok: 'not_configured' });
      await t.ctx.tracker.track(
        { method: 'POST', ip: '216.160.83.56', userAgent: PHONE_UA, referrer: '', host: 'localhost', query: {}, headers: {}, now: now - 60_000 },
        { type: 'client', client: tagged, smartlink: link, service: null, confirmation: { confirms: uuidv7(), client_tags: tags, client_consent: 'not_required' } },
      ).stored;
    }
    await createAlertEngine(db, silent, { outbound: loopback(), slackWebhookUrl: null, cooldownMs: 0 }).evaluate(now);

    const own = (await createApiKey(db, { clientId: tagged.id, name: 'own' })).key;
    const other = (await createApiKey(db, { clientId: client.id, name: 'other' })).key;
    const list = (key: string, query = '') => t.app.inject({ url: `/api/v1/alerts${query}`, headers: { authorization: `Bearer ${key}` } });
    // (these confirmations name views the server never stored: the tracking-rate rule fires too)
    const mine = (await list(own)).json().data.filter((a: { rule: string }) => a.rule === 'tags_failing');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ rule: 'tags_failing', clientId: tagged.id, state: 'open', readAt: null });
    expect(mine[0].message).toContain('Blocked Tags: tags failed to load in 80 % of the browsers that showed a page in the last hour (20 of 25: GTM 20)');
    expect(mine[0].details).toMatchObject({ confirmations: 25, failed: 20, failures: { gtm: 20 }, blockedHosts: [] }); // what the app words it from
    expect((await list(other)).json().data.some((a: { clientId: string }) => a.clientId === tagged.id)).toBe(false);
    const foreignRead = await t.app.inject({ method: 'POST', url: `/api/v1/alerts/${mine[0].id}/read`, headers: { authorization: `Bearer ${other}` } });
    expect(foreignRead.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/alerts/${mine[0].id}/read`, headers: { authorization: `Bearer ${own}` } })).statusCode).toBe(204);
    expect((await list(own)).json().data.find((a: { id: string }) => a.id === mine[0].id).readAt).toBeGreaterThan(0);
    expect((await list(own, '?unread=true')).json().data.map((a: { id: string }) => a.id)).not.toContain(mine[0].id);
    expect(await db.selectFrom('audit_log').select(['action', 'client_id']).where('target', '=', mine[0].id).execute()).toEqual([{ action: 'alert.read', client_id: tagged.id }]);
  });

  it('sends a client’s alerts to its own Slack webhook when it has one, and counts every incident', async () => {
    const db = t.ctx.database.db;
    const own = await createClient(db, { name: 'Own Slack', settings: { slackWebhookUrl: `${slackUrl}/own-channel` } });
    const link = await createSmartlink(db, { clientId: own.id, slug: 'own-slack', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
    for (let i = 0; i < 25; i++) {
      await t.ctx.tracker.track(
        { method: 'POST', ip: '216.160.83.56', userAgent: PHONE_UA, referrer: '', host: 'localhost', query: {}, headers: {}, now: Date.now() },
        { type: 'client', client: own, smartlink: link, service: null, confirmation: { confirms: uuidv7(), client_tags: ALL_LOADED, client_consent: 'not_required' } },
      ).stored;
    }
    const counted: string[] = [];
    await createAlertEngine(db, silent, { outbound: loopback(), slackWebhookUrl: slackUrl, cooldownMs: 0, onAlert: (rule, event) => counted.push(`${rule}:${event}`) }).evaluate();
    const index = received.findIndex((text) => text.includes('Own Slack'));
    expect(paths[index]).toBe('/hook/own-channel');
    expect(counted).toContain('tracking_rate:opened');
  });

  it('without the allow-list, sends nothing to a Slack webhook or a mail server that resolves to loopback, and says why', async () => {
    const db = t.ctx.database.db;
    const { mails, port, close } = await startMailServer();
    try {
      const refused = await createClient(db, { name: 'Refused Hooks', settings: { slackWebhookUrl: `${slackUrl.replace('127.0.0.1', 'localhost')}/refused` } });
      const link = await createSmartlink(db, { clientId: refused.id, slug: 'refused-hooks', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
      const now = Date.now();
      const track = (i: number, type: 'view' | 'client') =>
        t.ctx.tracker.track(
          { method: type === 'view' ? 'GET' : 'POST', ip: `81.2.69.${i % 250}`, userAgent: `${PHONE_UA} r${i}`, referrer: '', host: 'localhost', query: {}, headers: {}, now: now - 60_000 },
          type === 'view'
            ? { type, client: refused, smartlink: link, service: null }
            : { type, client: refused, smartlink: link, service: null, confirmation: { confirms: uuidv7(), client_tags: ALL_LOADED, client_consent: 'not_required' } },
        ).stored;
      await Promise.all(Array.from({ length: 25 }, (_, i) => track(i, 'client'))); // views the server never stored: tracking_rate → Slack
      await Promise.all(Array.from({ length: 150 }, (_, i) => track(i, 'view'))); // a spike: traffic_spike → email
      const warnings: Array<{ channel?: string; message?: string }> = [];
      const log = { warn: (obj: unknown) => void warnings.push({ channel: (obj as { channel?: string }).channel, message: (obj as { err?: { message: string } }).err?.message }), error: () => undefined };

      await createAlertEngine(db, log, { outbound: createOutbound([]), slackWebhookUrl: null, smtpUrl: `smtp://localhost:${port}`, emailTo: ['ops@agency.test'], cooldownMs: 0 }).evaluate(now);
      expect(await db.selectFrom('alerts').select('rule').where('scope', '=', refused.id).orderBy('rule').execute()).toEqual([{ rule: 'tracking_rate' }, { rule: 'traffic_spike' }]);
      expect(received.filter((text) => text.includes('Refused Hooks'))).toEqual([]);
      expect(mails).toEqual([]);
      expect(warnings).toContainEqual({ channel: 'slack', message: expect.stringMatching(/is not allowed/) });
      expect(warnings).toContainEqual({ channel: 'email', message: expect.stringMatching(/is not allowed/) });
    } finally {
      await close();
    }
  });
});
