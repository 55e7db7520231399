// .env.example lists exactly the variables src/config.ts reads, once each, with its real defaults.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configEnvNames, envExampleEntries } from './config-env.js';

describe('.env.example', () => {
  it('names every variable config.ts reads, and no other', () => {
    const names = envExampleEntries().map((e) => e.name);
    expect(configEnvNames()).toContain('DATABASE_URL'); // the source scan finds `env.X` reads…
    expect(configEnvNames()).toContain('REQUEST_TIMEOUT_MS'); // …and the helpers' (env, 'X') reads
    expect([...names].sort()).toEqual([...configEnvNames()].sort());
  });

  it('names each variable once', () => {
    const names = envExampleEntries().map((e) => e.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('writes the defaults loadConfig uses', () => {
    const base = { SECRET: 'a-test-secret-that-stays-fixed' }; // no secret file is generated
    const written = Object.fromEntries(envExampleEntries().filter((e) => e.value !== '').map((e) => [e.name, e.value]));
    expect(Object.keys(written).length).toBeGreaterThan(15);
    expect(loadConfig({ ...written, ...base })).toEqual(loadConfig(base));
  });
});
