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
import tls from 'node:tls';
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
  /** The answer's Retry-After header, when it has one (an API's rate limit: seconds or an HTTP date). */
  readonly retryAfter?: string | null;
}

/** A binary answer: its bytes as they came, and its declared Content-Type (which nothing should trust). */
export interface OutboundBytes {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType: string | null;
  readonly retryAfter?: string | null;
}

/** The answer was larger than the caller accepts (declared so, or found so while reading). */
export class AnswerTooLarge extends Error {}

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
  /**
   * GETs a binary body of at most `maxBytes` (an image), with the same guard and failures as `get`;
   * a larger answer rejects with AnswerTooLarge as soon as its Content-Length or its bytes say so.
   */
  getBytes(url: string, request: Omit<OutboundRequest, 'body'> & { readonly maxBytes: number }): Promise<OutboundBytes>;
  readonly smtpSocket: SmtpSocket;
}

/** Answers longer than this are cut off (a webhook's answer is a status line and a few words). */
const MAX_ANSWER_BYTES = 1 << 20;

/**
 * `extraCa`: PEM certificates of authorities trusted besides the system's (OUTBOUND_CA_FILE: an
 * internal host with a private CA; the tests' HTTPS stubs).
 */
export function createOutbound(allow: readonly string[], extraCa: string | null = null): Outbound {
  const filter = { allowIPAddressList: [...allow] };
  const ca = extraCa ? { ca: [...tls.rootCertificates, extraCa] } : {};
  const agents = { 'http:': new RequestFilteringHttpAgent({ ...filter, keepAlive: true }), 'https:': new RequestFilteringHttpsAgent({ ...filter, ...ca, keepAlive: true }) };

  async function send(
    method: 'GET' | 'POST',
    url: string,
    { headers, body, timeoutMs, maxBytes = MAX_ANSWER_BYTES }: Omit<OutboundRequest, 'body'> & { body: string | null; maxBytes?: number },
  ): Promise<OutboundBytes> {
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
    const tooLarge = () => new AnswerTooLarge(`HTTP ${status}, answer larger than ${maxBytes} bytes`);
    if (Number(res.headers['content-length']) > maxBytes) {
      res.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw tooLarge();
        chunks.push(chunk);
      }
    } catch (err) {
      res.destroy();
      throw size > maxBytes ? err : new Error(`HTTP ${status}, body cut off`);
    }
    return { status, body: Buffer.concat(chunks), contentType: res.headers['content-type'] ?? null, retryAfter: res.headers['retry-after'] ?? null };
  }
  const text = ({ status, body, retryAfter }: OutboundBytes): OutboundAnswer => ({ status, body: body.toString('utf8'), retryAfter });

  return {
    post: async (url, request) => text(await send('POST', url, request)),
    get: async (url, request) => text(await send('GET', url, { ...request, body: null })),
    getBytes: (url, { maxBytes, ...request }) => send('GET', url, { ...request, body: null, maxBytes }),

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
