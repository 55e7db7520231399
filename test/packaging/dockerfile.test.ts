// The Dockerfile, without a container engine (none runs here): linted by dockerfile-utils (the
// parser behind VS Code's Docker support), then read as the specification of the image, and its
// HEALTHCHECK command run against a stand-in /healthz.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { configEnvNames, repoFile } from './config-env.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The instructions, continuation lines joined, comments dropped; split at each FROM into stages. */
function stages(text: string): Instruction[][] {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  return instructions.reduce<Instruction[][]>((all, i) => (i.keyword === 'FROM' ? [...all, [i]] : [...all.slice(0, -1), [...(all.at(-1) ?? []), i]]), []);
}

const dockerfile = repoFile('Dockerfile');
const [build = [], runtime = []] = stages(dockerfile);
const args = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword).map((i) => i.args);
const env = Object.fromEntries(args(runtime, 'ENV').flatMap((a) => [...a.matchAll(/([A-Z][A-Z0-9_]*)=(\S*)/g)].map((m) => [m[1], m[2]])));

describe('Dockerfile', () => {
  it('passes dockerfile-utils with no diagnostic', () => {
    expect(validate(dockerfile)).toEqual([]);
  });

  it('builds in a node:20-bookworm-slim stage with every dependency, and runs from another without the dev ones', () => {
    expect(stages(dockerfile)).toHaveLength(2);
    expect(build[0]!.args).toBe('node:20-bookworm-slim AS build');
    expect(runtime[0]!.args).toBe('node:20-bookworm-slim');
    expect(args(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(args(build, 'RUN').join('\n')).toMatch(/npm run build\b.*npm prune --omit=dev/);
    for (const path of ['node_modules/', 'dist/', 'bin/', 'package.json']) expect(args(runtime, 'COPY').join('\n')).toContain(`--from=build /app/${path}`);
  });

  it('leaves no link to a workspace the runtime stage lacks (npm prune keeps them): node_modules/@duotrack/sdk is removed', () => {
    const { workspaces = [] } = JSON.parse(repoFile('package.json')) as { workspaces?: string[] };
    expect(workspaces).toContain('sdk');
    const run = args(build, 'RUN').join('\n');
    const copied = args(runtime, 'COPY').join('\n');
    for (const dir of workspaces) {
      const { name } = JSON.parse(repoFile(`${dir}/package.json`)) as { name: string };
      expect(lstatSync(fileURLToPath(new URL(`../../node_modules/${name}`, import.meta.url))).isSymbolicLink(), name).toBe(true); // what npm installs for a workspace
      if (copied.includes(`--from=build /app/${dir}/`)) continue; // the runtime has the workspace: its link works
      const prune = run.indexOf('npm prune --omit=dev');
      expect(prune).toBeGreaterThanOrEqual(0);
      expect(run.indexOf(`&& rm node_modules/${name} `), `${name}: removed after npm prune`).toBeGreaterThan(prune);
    }
  });

  it('runs as node in /app, production, on 0.0.0.0:3000, with /data as a volume', () => {
    expect(args(runtime, 'USER')).toEqual(['node']);
    expect(args(runtime, 'WORKDIR')).toEqual(['/app']);
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '3000', DATA_DIR: '/data' });
    expect(args(runtime, 'EXPOSE')).toEqual([env.PORT]);
    expect(args(runtime, 'VOLUME')).toEqual([JSON.stringify([env.DATA_DIR])]);
    expect(args(runtime, 'CMD')).toEqual(['["node", "dist/main.js", "serve"]']);
    expect(repoFile('bin/duotrack.js')).toContain("import '../dist/main.js'"); // the same entry as the command
  });

  it('sets only variables config.ts reads (and NODE_ENV)', () => {
    const names = Object.keys(env).filter((name) => name !== 'NODE_ENV');
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !configEnvNames().has(name))).toEqual([]);
  });

  it('copies into the build stage only files that exist and that .dockerignore lets through', () => {
    const ignored = repoFile('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
    expect(ignored).toEqual(expect.arrayContaining(['.env', '**/node_modules', 'dist', 'data', '.git']));
    const sources = args(build, 'COPY').flatMap((a) => a.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src/', 'web/', 'scripts/build-if-stale.mjs']));
    for (const source of sources) {
      expect(existsSync(fileURLToPath(new URL(`../../${source}`, import.meta.url))), source).toBe(true);
      expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern.replace(/\/$/, '')}/`)), source).toEqual([]);
    }
  });

  it('stops with SIGTERM, which drains', () => {
    expect(args(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = args(runtime, 'HEALTHCHECK')[0] ?? '';
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];

    async function check(status: number | null): Promise<number | null> {
      const server = createServer((req, res) => {
        res.statusCode = req.url === '/healthz' && status !== null ? status : 404;
        res.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      if (status === null) await new Promise((resolve) => server.close(resolve)); // nothing listens
      const result = await new Promise<number | null>((resolve) => {
        // asynchronously: the stand-in answers from this process
        spawn(process.execPath, command.slice(1), { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 10_000 }).on('exit', resolve);
      });
      server.close();
      return result;
    }

    it('runs node on /healthz at $PORT', () => {
      expect(command[0]).toBe('node');
      expect(healthcheck).toMatch(/^--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+ CMD \[/);
    });

    it.each([
      { name: 'a node that serves', status: 200, code: 0 },
      { name: 'a node shutting down (503)', status: 503, code: 1 },
      { name: 'nothing listening', status: null, code: 1 },
    ])('exits $code for $name', async ({ status, code }) => {
      expect(await check(status)).toBe(code);
    });
  });
});
