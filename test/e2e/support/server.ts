// A real, listening Duotrack on SQLite for browser tests, tenants with tags, and bounded polling of
// what the server stored.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSmartlink, type NewSmartlink, type Smartlink } from '../../../src/links/smartlink.js';
import { createClient, type Client, type NewClient } from '../../../src/tenants/client.js';
import type { EventRow } from '../../../src/db/schema.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { storedEvents } from '../../support/events.js';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  /** The request body (its first 64 KB). */
  readonly body: string;
  readonly at: number;
}

export interface E2EServer {
  readonly t: TestApp;
  /** http://127.0.0.1:port of the recording proxy in front of the app: what the browser talks to. */
  readonly origin: string;
  /** Every request the app received through the proxy, in order, with POST bodies. */
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * The app listening on a free port, behind a small recording HTTP proxy. The proxy is how a test
 * counts beacons: one sent on pagehide carries none of the context's extra headers (so it cannot be
 * told apart by header) and is invisible to Playwright's request events.
 */
export async function startE2EServer(env: Record<string, string> = {}): Promise<E2EServer> {
  const database: TestDatabase = await createTestDatabase('sqlite');
  const t = await startTestApp(database, { TRUST_PROXY: 'true', ...env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port: appPort } = t.app.server.address() as AddressInfo;
  const received: ReceivedRequest[] = [];
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', url: req.url ?? '', body: body.subarray(0, 65_536).toString('utf8'), at: Date.now() });
      const upstream = request({ host: '127.0.0.1', port: appPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = proxy.address() as AddressInfo;
  return {
    t,
    origin: `http://127.0.0.1:${port}`,
    received,
    async close() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await t.close();
      await database.cleanup();
    },
  };
}

/** The beacons (POST /e) the app received for a smartlink: those whose body names its slug. */
export function beaconsFor(server: E2EServer, slug: string): ReceivedRequest[] {
  return server.received.filter((r) => r.method === 'POST' && r.url === '/e' && r.body.includes(JSON.stringify(slug)));
}

export const TAG_IDS = {
  gtm: 'GTM-ABC1234',
  ga4: 'G-ABCDE12345',
  facebook: '123456789012345',
  tiktok: 'CABCDEFGHIJ1234567890',
} as const;

let sequence = 0;
/** A slug no other test of this process uses. */
export function uniqueSlug(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`.toLowerCase();
}

export interface TaggedLink {
  readonly client: Client;
  readonly smartlink: Smartlink;
  /** /<slug> */
  readonly path: string;
}

/** A client with all four tags (unless `client.tracking` says otherwise) and a live smartlink. */
export async function createTaggedLink(
  server: E2EServer,
  options: { readonly slugPrefix?: string; readonly client?: Partial<NewClient>; readonly smartlink?: Partial<Omit<NewSmartlink, 'clientId'>> } = {},
): Promise<TaggedLink> {
  const db = server.t.ctx.database.db;
  const client = await createClient(db, { name: 'E2E Records', tracking: { ...TAG_IDS }, ...options.client });
  const slug = uniqueSlug(options.slugPrefix ?? 'e2e');
  const smartlink = await createSmartlink(db, {
    clientId: client.id,
    slug,
    artistName: 'Nova Lune',
    trackTitle: 'Midnight Drive',
    status: 'live',
    services: [
      { service: 'spotify', url: 'https://open.spotify.com/track/x' },
      { service: 'deezer', url: 'https://www.deezer.com/track/1' },
    ],
    ...options.smartlink,
  });
  return { client, smartlink, path: `/${smartlink.slug}` };
}

/** An events row with the Engine 2 columns (the confirmation row's `confirms`). */
export type StoredEvent = EventRow & { readonly confirms?: string | null };

export async function eventsOf(server: E2EServer, smartlinkId: string): Promise<StoredEvent[]> {
  return (await storedEvents(server.t.ctx)).filter((e) => e.smartlink_id === smartlinkId) as StoredEvent[];
}

/**
 * Polls `probe` every 50 ms until it returns something other than undefined/null/false, for at most
 * `timeoutMs`; then throws with `what` and the last value probed.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last !== undefined && last !== null && last !== false) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the smartlink has exactly `count` events matching `filter`, and returns them. */
export async function waitForEvents(
  server: E2EServer,
  smartlinkId: string,
  what: string,
  filter: (e: StoredEvent) => boolean,
  count = 1,
  timeoutMs = 5_000,
): Promise<StoredEvent[]> {
  let seen: StoredEvent[] = [];
  try {
    return await waitFor(
      what,
      async () => {
        seen = (await eventsOf(server, smartlinkId)).filter(filter);
        return seen.length === count ? seen : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}: wanted ${count}, found ${seen.length}: ${JSON.stringify(seen.map(brief))}`);
  }
}

/** The columns worth printing when a wait fails. */
export function brief(e: StoredEvent): Record<string, unknown> {
  return {
    type: e.type,
    event_id: e.event_id,
    service: e.service,
    excluded_reason: e.excluded_reason,
    confirms: e.confirms,
    client_confirmed_at: e.client_confirmed_at,
    client_tags: e.client_tags,
    client_consent: e.client_consent,
  };
}

export const isHumanView = (e: StoredEvent): boolean => e.type === 'view' && e.excluded_reason === null;
export const isClick = (e: StoredEvent): boolean => e.type === 'click';
export const confirms =
  (eventId: string) =>
  (e: StoredEvent): boolean =>
    e.type === 'client' && e.confirms === eventId;

/** Ensures nothing more arrives for a while: for the "exactly once" assertions after a wait. */
export async function settle(ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
