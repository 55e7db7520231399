// What one client may hold of the HTTP server: each request must arrive (headers, then body)
// within a deadline, or it is answered 408 and its connection closed; and one address may keep
// only so many connections open, the next one being closed at once. Without them, a few hundred
// requests that announce a body and never send it hold a file descriptor each, for ever.
import type { Server, Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import ipaddr from 'ipaddr.js';
import type { Config } from './config.js';

type Deadlines = Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs'>;

/** Fastify's server options for the deadlines. */
export function serverTimeouts({ requestTimeoutMs, headersTimeoutMs }: Deadlines): Pick<FastifyServerOptions, 'requestTimeout' | 'connectionTimeout'> & {
  http: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    requestTimeout: requestTimeoutMs,
    // A connection silent for twice as long (say, a client that stops reading its answer) is closed
    // too; a request silent past its deadline is answered 408 first.
    connectionTimeout: 2 * requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      // Node enforces both deadlines on this period (its default, 30 s, would let a request overrun
      // a 10 s deadline threefold).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeoutMs / 2)),
    },
  };
}

/** Closes each new connection from an address that already holds `max` open ones; 0: no cap. */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max === 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress ?? '');
    const count = open.get(key) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left === 0) open.delete(key);
      else open.set(key, left);
    });
  });
}

/**
 * Whose connection or request it is: an IPv4 address (also when IPv4-mapped), or an IPv6 /64, one
 * subscriber's usual share. The connection cap and the sign-in throttle both count addresses by it.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  return ip.kind() === 'ipv4' ? ip.toString() : `${ip.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}
