// deploy/systemd/duotrack@.service, read as systemd reads it (sections, Key=value): the entry it
// starts, what it sets, its hardening. (Checked by hand with `systemd-analyze verify`.)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configEnvNames, repoFile } from './config-env.js';

/** Section → key → every value given (a key may repeat). */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const unit: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      unit[section] ??= {};
      continue;
    }
    const [key, ...value] = line.split('=');
    ((unit[section] ??= {})[key!] ??= []).push(value.join('='));
  }
  return unit;
}

const unit = parseUnit(repoFile('deploy/systemd/duotrack@.service'));
const service = unit.Service!;
const one = (key: string) => {
  expect(service[key], key).toHaveLength(1);
  return service[key]![0]!;
};
const environment = Object.fromEntries((service.Environment ?? []).map((e) => e.split('=', 2) as [string, string]));

describe('duotrack@.service', () => {
  it('starts `serve` of the installed package with node', () => {
    const [node, entry, command, ...rest] = one('ExecStart').split(' ');
    expect(node).toBe('/usr/bin/node');
    expect(entry).toMatch(/^\/opt\/duotrack\/node_modules\/duotrack\/dist\/main\.js$/);
    expect(existsSync(fileURLToPath(new URL('../../dist/main.js', import.meta.url)))).toBe(true); // what the package ships there
    expect([command, ...rest]).toEqual(['serve']);
    expect(one('WorkingDirectory')).toBe('/opt/duotrack');
  });

  it('runs one instance per port, on loopback behind the proxy, with its own data directory', () => {
    expect(environment).toEqual({ PORT: '%i', HOST: '127.0.0.1', TRUST_PROXY: 'loopback', DATA_DIR: '/var/lib/duotrack/%i' });
    expect(Object.keys(environment).filter((name) => !configEnvNames().has(name))).toEqual([]);
    expect(one('EnvironmentFile')).toBe('/etc/duotrack/duotrack.env');
    expect(one('StateDirectory')).toBe('duotrack/%i'); // created, owned by User, writable
    expect(one('ReadWritePaths')).toBe(environment.DATA_DIR);
  });

  it('runs as duotrack, hardened', () => {
    expect(one('User')).toBe('duotrack');
    expect(service).toMatchObject({
      NoNewPrivileges: ['yes'],
      ProtectSystem: ['strict'],
      ProtectHome: ['yes'],
      PrivateTmp: ['yes'],
      CapabilityBoundingSet: [''],
      UMask: ['0077'],
    });
    expect(service.MemoryDenyWriteExecute).toBeUndefined(); // V8's JIT needs it off
  });

  it('restarts on failure, and gives SIGTERM longer than a request may take to drain', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('KillSignal')).toBe('SIGTERM');
    const requestTimeoutS = loadConfig({ SECRET: 'fixed' }).requestTimeoutMs / 1000;
    expect(Number(/^(\d+)s$/.exec(one('TimeoutStopSec'))?.[1])).toBeGreaterThan(requestTimeoutS);
  });

  it('is a template for multi-user.target', () => {
    expect(unit.Unit!.Description).toEqual(['Duotrack node on port %i']);
    expect(unit.Install!.WantedBy).toEqual(['multi-user.target']);
  });
});
