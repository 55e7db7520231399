// A third-party image host on this machine, over HTTPS (artwork URLs must be https): a throwaway
// self-signed certificate for 127.0.0.1 made with openssl, whose PEM file the app trusts through
// OUTBOUND_CA_FILE. Tests put files at paths, take the host down and count requests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostedFile {
  readonly type: string;
  readonly body: Buffer;
}

export interface ImageHost {
  /** https://127.0.0.1:<port> */
  readonly origin: string;
  /** The PEM file of its certificate: OUTBOUND_CA_FILE for the app. */
  readonly caFile: string;
  /** Serves `file` at `path` (replacing what was there). */
  put(path: string, file: HostedFile): void;
  /** Down: every request is answered 503 (as a host in trouble does). */
  setDown(down: boolean): void;
  /** Requests received, by path. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startImageHost(): Promise<ImageHost> {
  const dir = mkdtempSync(join(tmpdir(), 'duotrack-image-host-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const files = new Map<string, HostedFile>();
  const counts = new Map<string, number>();
  let down = false;
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const path = req.url ?? '/';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const file = files.get(path);
    if (down) return void res.writeHead(503).end('down');
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caFile: cert,
    put: (path, file) => void files.set(path, file),
    setDown: (value) => void (down = value),
    hits: (path) => counts.get(path) ?? 0,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
