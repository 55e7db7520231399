// deploy/Caddyfile is a configuration Caddy accepts (Debian's caddy, as installed in production and
// on CI), and so is the test configuration derived from it (caddy-tls.test.ts runs that one).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_CADDYFILE, testCaddyfile, validateCaddyfile } from './caddy.js';

describe('deploy/Caddyfile', () => {
  it('passes caddy validate', async () => {
    const { ok, output } = await validateCaddyfile(DEPLOY_CADDYFILE);
    expect(output).toContain('Valid configuration');
    expect(ok).toBe(true);
  });

  it('asks Duotrack before an on-demand certificate, and proxies to both nodes with health checks', () => {
    const text = readFileSync(DEPLOY_CADDYFILE, 'utf8');
    expect(text).toMatch(/on_demand_tls \{[^}]*\n\t+ask http:\/\/127\.0\.0\.1:3001\/tls\/ask\n/);
    expect(text).toMatch(/https:\/\/ \{\n\ttls \{\n\t\ton_demand\n\t\}/);
    expect(text).toContain('reverse_proxy 127.0.0.1:3001 127.0.0.1:3002 {');
    expect(text).toContain('health_uri /healthz');
    expect(text).toContain('handle /.well-known/duotrack-verify/* {');
  });

  it('still validates once made into the test configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-caddyfile-'));
    try {
      const file = join(dir, 'Caddyfile');
      writeFileSync(file, testCaddyfile(readFileSync(DEPLOY_CADDYFILE, 'utf8'), { nodes: [13001, 13002], httpPort: 18080, httpsPort: 18443 }));
      const { ok, output } = await validateCaddyfile(file);
      expect(output).toContain('Valid configuration');
      expect(ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
