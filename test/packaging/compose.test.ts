// compose.yaml, without a container engine (none runs here): parsed with `yaml` and checked for
// coherence — the services, what each node is given, the Dockerfile it builds, the Caddyfile that
// balances over the nodes, healthchecks and start order.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { configEnvNames, repoFile } from './config-env.js';

interface Service {
  image?: string;
  build?: string;
  network_mode?: string;
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; disable?: boolean };
  stop_grace_period?: string;
}

const compose = parse(repoFile('compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;
const nodes = Object.entries(services).filter(([, s]) => s.build !== undefined);
/** What compose reads from .env, as a user would set it. */
const interpolate = (value: string) => value.replace(/\$\{([A-Z_]+)(:\?[^}]*)?\}/g, (_, name: string) => `example-${name.toLowerCase()}`);

describe('compose.yaml', () => {
  it('runs PostgreSQL 15, Caddy and two Duotrack nodes built from the Dockerfile', () => {
    expect(services.postgres?.image).toMatch(/^postgres:15\b/);
    expect(services.caddy?.image).toMatch(/^caddy:2\.6\b/);
    expect(nodes.map(([name]) => name)).toEqual(['duotrack-1', 'duotrack-2']);
    for (const [, node] of nodes) expect(node.build).toBe('.');
    expect(existsSync(fileURLToPath(new URL('../../Dockerfile', import.meta.url)))).toBe(true);
  });

  it('gives the nodes only variables config.ts reads, and the rest from .env', () => {
    for (const [name, node] of nodes) {
      expect(Object.keys(node.environment ?? {}).filter((v) => !configEnvNames().has(v)), name).toEqual([]);
      expect(node.env_file, name).toEqual([{ path: '.env', required: true }]);
      expect(() => loadConfig(Object.fromEntries(Object.entries(node.environment ?? {}).map(([k, v]) => [k, interpolate(v)]))), name).not.toThrow(); // valid values
    }
  });

  it('points the nodes at the postgres service, its user and database', () => {
    const db = services.postgres!.environment!;
    for (const [, node] of nodes) {
      const url = new URL(interpolate(node.environment!.DATABASE_URL!));
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(decodeURIComponent(url.username)).toBe(db.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(interpolate(db.POSTGRES_PASSWORD!));
      expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);
    }
  });

  it('runs the nodes on the ports deploy/Caddyfile balances over, inside Caddy’s network, reached only through it', () => {
    const caddyfile = repoFile('deploy/Caddyfile');
    const upstreams = [.../^\s*reverse_proxy\s+(.+?)\s*\{?\s*$/m.exec(caddyfile)![1]!.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
    expect(nodes.map(([, node]) => node.environment!.PORT)).toEqual(upstreams);
    // Caddy's TLS ask: its internal site on loopback (in the shared network), balanced over the same nodes.
    const askPort = /ask http:\/\/127\.0\.0\.1:(\d+)\//.exec(caddyfile)?.[1];
    expect(askPort).toBeDefined();
    expect(upstreams).not.toContain(askPort);
    expect(caddyfile).toContain(`\nhttp://127.0.0.1:${askPort} {\n\tbind 127.0.0.1\n\thandle /tls/ask {\n\t\treverse_proxy ${upstreams.map((port) => `127.0.0.1:${port}`).join(' ')} {`);
    for (const [, node] of nodes) {
      expect(node.network_mode).toBe('service:caddy');
      expect(node.environment).toMatchObject({ HOST: '127.0.0.1', TRUST_PROXY: 'loopback' });
      expect(node.ports).toBeUndefined();
    }
    expect(services.caddy!.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(services.caddy!.ports).toEqual(['80:80', '443:443', '443:443/udp']);
  });

  it('gives each node its own data volume at DATA_DIR, and declares every named volume', () => {
    const dataVolumes = nodes.map(([, node]) => {
      const mount = node.volumes!.find((v) => v.endsWith(`:${node.environment!.DATA_DIR}`));
      expect(mount).toBeDefined();
      return mount!.split(':')[0];
    });
    expect(new Set(dataVolumes).size).toBe(nodes.length);
    const named = Object.values(services).flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]!).filter((v) => !v.startsWith('.'));
    expect(Object.keys(compose.volumes).sort()).toEqual([...new Set(named)].sort());
  });

  it('starts the nodes once PostgreSQL is healthy; healthchecks on PostgreSQL and Caddy, the nodes keep the image’s', () => {
    expect(services.postgres!.healthcheck!.test).toEqual(['CMD', 'pg_isready', '-U', services.postgres!.environment!.POSTGRES_USER, '-d', services.postgres!.environment!.POSTGRES_DB]);
    expect(services.caddy!.healthcheck!.test[0]).toBe('CMD');
    expect(repoFile('Dockerfile')).toMatch(/^HEALTHCHECK\b[^]*?\/healthz/m);
    for (const [, node] of nodes) {
      expect(node.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, caddy: { condition: 'service_started' } });
      expect(node.healthcheck).toBeUndefined();
    }
  });

  it('gives a stopping node longer than a request may take to drain', () => {
    const requestTimeoutS = loadConfig({ SECRET: 'fixed' }).requestTimeoutMs / 1000;
    for (const [, node] of nodes) expect(Number(/^(\d+)s$/.exec(node.stop_grace_period ?? '')?.[1])).toBeGreaterThan(requestTimeoutS);
  });
});
