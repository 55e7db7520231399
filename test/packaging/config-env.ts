// What the deployment files may set: the environment variables src/config.ts reads (the only file
// that reads the environment), found in its source — `env.NAME`, `env['NAME']`, and the helpers'
// `helper(env, 'NAME', …)` — and the ones .env.example names.
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

const READS = [/\benv\.([A-Z][A-Z0-9_]*)\b/g, /\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g, /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]*)['"]/g];

export function configEnvNames(): ReadonlySet<string> {
  const source = readFileSync(new URL('src/config.ts', ROOT), 'utf8');
  return new Set(READS.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] as string)));
}

/** Every `NAME=value` line of .env.example, commented out (`# NAME=value`) or not, in order. */
export function envExampleEntries(): { name: string; value: string }[] {
  return readFileSync(new URL('.env.example', ROOT), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const match = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      return match ? [{ name: match[1] as string, value: match[2] as string }] : [];
    });
}

export function repoFile(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}
