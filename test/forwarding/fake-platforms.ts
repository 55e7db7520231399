// GA4, Meta and TikTok as local HTTP servers: they record every request, answer like the platform
// (Meta { events_received }, TikTok { code: 0 }, GA4 204 or validationMessages), and count events
// as the platforms do: Meta and TikTok once per (event name, event id), GA4 every time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PlatformName = 'ga4' | 'meta' | 'tiktok';

export interface Received {
  readonly platform: PlatformName;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
}

/** What to answer: a status and body, or 'hang' (receive and process, never answer). */
export type Answer = { status: number; body?: unknown } | 'hang';

export interface FakePlatforms {
  readonly url: string;
  readonly received: Received[];
  /** Events the platform counts, deduplicated as it does. */
  counted(platform: PlatformName): string[];
  /** Answers for the next requests to a platform, in order; then the platform's normal answer. */
  answerNext(platform: PlatformName, ...answers: Answer[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakePlatforms(): Promise<FakePlatforms> {
  const received: Received[] = [];
  const queued: Record<PlatformName, Answer[]> = { ga4: [], meta: [], tiktok: [] };
  const counted: Record<PlatformName, string[]> = { ga4: [], meta: [], tiktok: [] };
  const seen: Record<PlatformName, Set<string>> = { ga4: new Set(), meta: new Set(), tiktok: new Set() };
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const platform: PlatformName | null = url.pathname.startsWith('/open_api/') ? 'tiktok' : url.pathname.includes('mp/collect') ? 'ga4' : /^\/v\d+\.\d+\/\d+\/events$/.test(url.pathname) ? 'meta' : null;
      if (!platform) return res.writeHead(404).end();
      const body = raw ? JSON.parse(raw) : null;
      received.push({ platform, path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const answer = queued[platform].shift();
      const ok = !answer || answer === 'hang' || answer.status < 300;
      if (ok) {
        // the platform processes what it received (even if its answer never arrives)
        const keys: string[] =
          platform === 'meta' ? body.data.map((e: any) => `${e.event_name}:${e.event_id}`)
          : platform === 'tiktok' ? body.data.map((e: any) => `${e.event}:${e.event_id}`)
          : url.pathname.startsWith('/debug/') ? [] : body.events.map((e: any) => `${e.name}:${e.params.event_id}`);
        for (const key of keys) {
          if (platform !== 'ga4' && seen[platform].has(key)) continue;
          seen[platform].add(key);
          counted[platform].push(key);
        }
      }
      if (answer === 'hang') return void hanging.add(res);
      if (answer) return res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      if (platform === 'meta') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events_received: body.data.length, messages: [], fbtrace_id: 'AbC' }));
      if (platform === 'tiktok') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, message: 'OK', request_id: 'r1', data: {} }));
      if (url.pathname.startsWith('/debug/')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ validationMessages: [] }));
      return res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    counted: (p) => [...counted[p]],
    answerNext(platform, ...answers) {
      queued[platform].push(...answers);
    },
    reset() {
      received.length = 0;
      for (const p of ['ga4', 'meta', 'tiktok'] as const) {
        queued[p].length = 0;
        counted[p].length = 0;
        seen[p].clear();
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
