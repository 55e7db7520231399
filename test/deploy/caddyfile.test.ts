// deploy/Caddyfile is a configuration Caddy accepts (Debian's caddy, as installed in production and
// on CI), and so is the test configuration derived from it (caddy-tls.test.ts runs that one).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caddyAvailable, DEPLOY_CADDYFILE, testCaddyfile, validateCaddyfile } from './caddy.js';

const hasCaddy = caddyAvailable();

describe('deploy/Caddyfile', () => {
  const text = readFileSync(DEPLOY_CADDYFILE, 'utf8');

  it.runIf(hasCaddy)('passes caddy validate', async () => {
    const { ok, output } = await validateCaddyfile(DEPLOY_CADDYFILE);
    expect(output).toContain('Valid configuration');
    expect(ok).toBe(true);
  });

  it('asks Duotrack before an on-demand certificate, at most 10 issued a minute, and proxies to both nodes with health checks', () => {
    expect(text).toMatch(/on_demand_tls \{[^}]*\n\t+ask http:\/\/127\.0\.0\.1:3100\/tls\/ask\n[^}]*\n\t+interval 1m\n\t+burst 10\n/);
    expect(text).toMatch(/https:\/\/ \{\n\ttls \{\n\t\ton_demand\n\t\}/);
    expect(text).toContain('reverse_proxy 127.0.0.1:3001 127.0.0.1:3002 {');
    expect(text).toContain('health_uri /healthz');
    expect(text).toContain('handle /.well-known/duotrack-verify/* {');
  });

  it('sends the ask to either node through an internal site on loopback that drops the forwarding headers', () => {
    const site = /\nhttp:\/\/127\.0\.0\.1:3100 \{\n([\s\S]*?)\n\}\n/.exec(text)?.[1] ?? '';
    expect(site).toContain('\tbind 127.0.0.1\n');
    expect(site).toMatch(/\thandle \/tls\/ask \{\n\t\treverse_proxy 127\.0\.0\.1:3001 127\.0\.0\.1:3002 \{\n/);
    for (const header of ['X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host']) expect(site).toContain(`\t\t\theader_up -${header}\n`);
    expect(site).toContain('\t\t\thealth_uri /healthz\n');
    expect(site).toMatch(/\n\trespond 404$/); // nothing else there
  });

  it.runIf(hasCaddy)('still validates once made into the test configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-caddyfile-'));
    try {
      const file = join(dir, 'Caddyfile');
      writeFileSync(file, testCaddyfile(text, { nodes: [13001, 13002], askPort: 13100, httpPort: 18080, httpsPort: 18443 }));
      const { ok, output } = await validateCaddyfile(file);
      expect(output).toContain('Valid configuration');
      expect(ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
