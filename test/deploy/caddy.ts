// Caddy for the deployment tests: the production Caddyfile (deploy/Caddyfile) turned into one that
// runs here — high ports, certificates from Caddy's own local CA (never trusted system-wide), no
// admin endpoint, its storage in a temporary directory — and Caddy started on it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const CADDY = process.env.CADDY_BIN ?? '/usr/bin/caddy';
export const DEPLOY_CADDYFILE = 'deploy/Caddyfile';
/** CI installs Caddy (.ci/run): there, a missing one fails; elsewhere its tests are skipped, loudly. */
export function caddyAvailable(): boolean {
  try {
    accessSync(CADDY, constants.X_OK);
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${CADDY} is missing, and CI requires it (Debian package "caddy"; or set CADDY_BIN)`);
    console.warn(`\n[duotrack] ${CADDY} NOT found: the Caddy checks are SKIPPED. apt-get install caddy (or set CADDY_BIN)\n`);
    return false;
  }
}

/** The header the test Caddy adds to every proxied answer: which node served it (127.0.0.1:port). */
export const UPSTREAM_HEADER = 'x-test-upstream';

/** `caddy validate` of a Caddyfile: its output, and whether it passed. */
export async function validateCaddyfile(path: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(CADDY, ['validate', '--adapter', 'caddyfile', '--config', path], { timeout: 20_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const { stdout = '', stderr = '', message } = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${message}\n${stdout}${stderr}` };
  }
}

export interface TestSite {
  /** The two app nodes' ports, in place of 3001 and 3002. */
  readonly nodes: readonly [number, number];
  /** The internal site for Caddy's TLS ask, in place of 3100. */
  readonly askPort: number;
  readonly httpPort: number;
  readonly httpsPort: number;
}

/**
 * deploy/Caddyfile as this machine can run it. Each change names the text it replaces, so a
 * Caddyfile that no longer has it fails here rather than running some other configuration.
 */
export function testCaddyfile(source: string, { nodes, askPort, httpPort, httpsPort }: TestSite): string {
  const changes: [string, string][] = [
    ['\temail ops@example.com\n', `\temail ops@example.com\n\tadmin off\n\tskip_install_trust\n\tlocal_certs\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n`],
    ['127.0.0.1:3001', `127.0.0.1:${nodes[0]}`],
    ['127.0.0.1:3002', `127.0.0.1:${nodes[1]}`],
    ['127.0.0.1:3100', `127.0.0.1:${askPort}`],
    ['\t\tlb_policy round_robin\n', `\t\tlb_policy round_robin\n\t\theader_down ${UPSTREAM_HEADER} {http.reverse_proxy.upstream.hostport}\n`],
  ];
  return changes.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`${DEPLOY_CADDYFILE} no longer contains ${JSON.stringify(from)}: update test/deploy/caddy.ts`);
    return text.replaceAll(from, to);
  }, source);
}

export interface RunningCaddy {
  /** The root certificate of Caddy's local CA, which signs every certificate it serves here. */
  readonly rootCert: Buffer;
  logs(): string;
  stop(): Promise<void>;
}

/** Runs Caddy on `caddyfile` with its data and configuration under `dir`; resolves once it serves HTTPS. */
export async function startCaddy(caddyfile: string, dir: string, httpsPort: number): Promise<RunningCaddy> {
  const config = join(dir, 'Caddyfile');
  writeFileSync(config, caddyfile);
  const child: ChildProcess = spawn(CADDY, ['run', '--adapter', 'caddyfile', '--config', config], {
    env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const rootPath = join(dir, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const deadline = Date.now() + 20_000;
  while (!(existsSync(rootPath) && (await accepts(httpsPort)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Caddy did not start (exit ${child.exitCode}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { rootCert: readFileSync(rootPath), logs: () => out, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() === socket));
    socket.once('error', () => resolve(false));
  });
}
