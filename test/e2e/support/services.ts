// The streaming services a smartlink redirects to (https://open.spotify.com/…), played by one local
// HTTPS server that answers "SERVICE OK" to everything. Chromium reaches it through
// --host-resolver-rules, so the server's real 302 is followed by the browser itself: Playwright's
// page.route() never sees a redirected request, so a route stub cannot answer it.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export const SERVICE_HOSTS: readonly string[] = [
  'open.spotify.com',
  'music.apple.com',
  'www.deezer.com',
  'music.youtube.com',
  'music.amazon.com',
  'music.amazon.fr',
  'music.amazon.de',
  'tidal.com',
  'soundcloud.com',
];

export const SERVICE_PAGE = '<!doctype html><title>Service</title><h1 id="service-ok">SERVICE OK</h1>';

// A throwaway self-signed certificate for the hosts above, for tests only (the browser contexts
// ignore certificate errors anyway). Not a secret: it guards nothing.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg4YJ62joyyro2X0sG
CIo4erVxIJQVuHMq0mRaSR2Vs0+hRANCAARFOJbk+PotA0d2vfLZrf2k+jPiWu1w
Trhvgg8LQqUQiFooWaD4fFQEQEHys4PTGAH3zFMf2R3qkF1NYXzmoHyO
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIICOzCCAeKgAwIBAgIUd1oCCAFFPGFH+ddXQMXgtXBH9RcwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVZHVvdHJhY2stZTJlLXNlcnZpY2VzMCAXDTI2MTEyNDEwMDgy
OVoYDzIxMjYxMDMxMTAwODI5WjAgMR4wHAYDVQQDDBVkdW90cmFjay1lMmUtc2Vy
dmljZXMwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARFOJbk+PotA0d2vfLZrf2k
+jPiWu1wTrhvgg8LQqUQiFooWaD4fFQEQEHys4PTGAH3zFMf2R3qkF1NYXzmoHyO
o4H3MIH0MB0GA1UdDgQWBBRqhDKKGi3lLLvrkn14jy6b6IgNrzAfBgNVHSMEGDAW
gBRqhDKKGi3lLLvrkn14jy6b6IgNrzAPBgNVHRMBAf8EBTADAQH/MIGgBgNVHREE
gZgwgZWCEG9wZW4uc3BvdGlmeS5jb22CD211c2ljLmFwcGxlLmNvbYIOd3d3LmRl
ZXplci5jb22CEW11c2ljLnlvdXR1YmUuY29tghBtdXNpYy5hbWF6b24uY29tgg9t
dXNpYy5hbWF6b24uZnKCD211c2ljLmFtYXpvbi5kZYIJdGlkYWwuY29tgg5zb3Vu
ZGNsb3VkLmNvbTAKBggqhkjOPQQDAgNHADBEAiAVuKDqlvVDbwyJdFwetAy3GThL
rnYVgoAD/xD+IQ5U7QIgY5gIFbKFWLvu5yZb8RbuCKl30gad9y5F1elMOZ0suOA=
-----END CERTIFICATE-----
`;

export interface ServiceVisit {
  readonly url: string;
  readonly at: number;
}

export interface ServiceServer {
  readonly port: number;
  /** Every request the services got, as https://host/path?query. */
  readonly visits: ServiceVisit[];
  /** The Chromium switch that sends every service host to this server. */
  readonly resolverRules: string;
  close(): Promise<void>;
}

export async function startServiceServer(): Promise<ServiceServer> {
  const visits: ServiceVisit[] = [];
  const server: Server = createServer({ key: TEST_KEY, cert: TEST_CERT }, (req, res) => {
    visits.push({ url: `https://${req.headers.host ?? 'unknown'}${req.url ?? '/'}`, at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(SERVICE_PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    visits,
    resolverRules: `--host-resolver-rules=${SERVICE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
