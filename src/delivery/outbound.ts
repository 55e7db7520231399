// The outbound guard: every request Duotrack makes to an address someone configured (a client's
// legacy webhook, a Slack webhook, the SMTP server, the ad platforms' endpoints, a custom domain
// being verified) goes through here.
//  - A connection to an address that is not public unicast (loopback, private, link-local such as
//    169.254.169.254, unique-local, unspecified, IPv4-mapped…) is refused, whether the URL names it
//    (in any form: [::1], 2130706433, 0x7f000001) or a host name resolves to it. The check is made
//    by request-filtering-agent on the address the socket is about to connect to, after the DNS
//    lookup, so a name that resolves elsewhere later (DNS rebinding) cannot get through.
//    `allow` (OUTBOUND_ALLOW_ADDRESSES) lists the addresses and ranges an operator allows anyway.
//  - A redirect is never followed: it is a failure that says where it pointed.
// node:http rather than fetch: Node's fetch follows redirects by default and offers no hook at
// connection time without the undici package; node:http takes the filtering agent and follows
// nothing.
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface OutboundRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface OutboundAnswer {
  readonly status: number;
  readonly body: string;
}

/** nodemailer's `getSocket` option: how it gets a connected socket to the mail server. */
export type SmtpSocket = (
  options: { host?: string; port?: number | string; secure?: boolean },
  callback: (err: Error | null, socketOptions?: { connection: Socket }) => void,
) => void;

export interface Outbound {
  /**
   * POSTs `body`. Resolves with any answer but a redirect; rejects with the reason when the
   * destination is refused, redirects, times out or cannot be reached. Messages never carry the
   * URL (a platform's holds its access token).
   */
  post(url: string, request: OutboundRequest): Promise<OutboundAnswer>;
  /** GETs `url`, with the same guard, answers and failures as `post`. */
  get(url: string, request: Omit<OutboundRequest, 'body'>): Promise<OutboundAnswer>;
  readonly smtpSocket: SmtpSocket;
}

/** Answers longer than this are cut off (a webhook's answer is a status line and a few words). */
const MAX_ANSWER_BYTES = 1 << 20;

export function createOutbound(allow: readonly string[]): Outbound {
  const filter = { allowIPAddressList: [...allow] };
  const agents = { 'http:': new RequestFilteringHttpAgent({ ...filter, keepAlive: true }), 'https:': new RequestFilteringHttpsAgent({ ...filter, keepAlive: true }) };

  async function send(method: 'GET' | 'POST', url: string, { headers, body, timeoutMs }: Omit<OutboundRequest, 'body'> & { body: string | null }): Promise<OutboundAnswer> {
    const protocol = new URL(url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') throw new Error('not an http(s) URL');
    const signal = AbortSignal.timeout(timeoutMs);
    const failure = (err: Error & { code?: string }) =>
      new Error(signal.aborted ? `no answer within ${timeoutMs} ms` : err.code ? `network error (${err.code})` : err.message);
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const length = body === null ? {} : { 'content-length': String(Buffer.byteLength(body)) };
      const request = (protocol === 'https:' ? https : http).request(url, { method, headers: { ...headers, ...length }, agent: agents[protocol], signal }, resolve);
      request.on('error', (err) => reject(failure(err)));
      request.end(body ?? undefined);
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      res.resume();
      throw new Error(`redirected to ${redirectTarget(url, res.headers.location)} (HTTP ${status}), not followed`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) throw new Error(`HTTP ${status}, answer larger than ${MAX_ANSWER_BYTES} bytes`);
        chunks.push(chunk);
      }
    } catch (err) {
      res.destroy();
      throw size > MAX_ANSWER_BYTES ? err : new Error(`HTTP ${status}, body cut off`);
    }
    return { status, body: Buffer.concat(chunks).toString('utf8') };
  }

  return {
    post: (url, request) => send('POST', url, request),
    get: (url, request) => send('GET', url, { ...request, body: null }),

    // The same filter as HTTP: the agent's connection is a plain TCP socket (nodemailer adds TLS).
    smtpSocket(options, callback) {
      const socket = agents['http:'].createConnection({ host: options.host ?? 'localhost', port: Number(options.port) || (options.secure ? 465 : 587) }) as Socket;
      const fail = (err: Error) => callback(err);
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.off('error', fail);
        callback(null, { connection: socket });
      });
    },
  };
}

/** Where a redirect pointed, as an origin only (its path and query may hold secrets). */
function redirectTarget(from: string, location: string | undefined): string {
  try {
    return new URL(location ?? '', from).origin;
  } catch {
    return 'an invalid location';
  }
}

/**
 * Why a URL that someone saves (a client's mirror or Slack webhook) names an address outbound
 * connections refuse, or null. Only literal addresses are judged here (a host name is judged when
 * it is resolved, at each connection); a URL that does not parse is left to its own check.
 */
export function refusedAddress(url: string, allow: readonly string[]): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return null;
  }
  if (isIP(host) === 0) return null;
  const address = ipaddr.parse(host);
  const range = address.range();
  if (range === 'unicast' || allowed(address, allow)) return null;
  return `${host} is not a public address (${range}): Duotrack does not send there`;
}

/** The allow-list rule of request-filtering-agent: an entry names the address itself or a range holding it. */
function allowed(address: ipaddr.IPv4 | ipaddr.IPv6, allow: readonly string[]): boolean {
  return allow.some((entry) => {
    if (!entry.includes('/')) return entry === address.toString();
    const [range, bits] = ipaddr.parseCIDR(entry);
    return range.kind() === address.kind() && address.match(range, bits);
  });
}
