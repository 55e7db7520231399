// The npm package as a user installs it (`npm pack`, then `npm install --omit=dev`): it holds what
// serving needs and nothing of the sources or tests, and it serves with the production dependencies
// alone — unpacked next to a node_modules of exactly `npm ls --omit=dev`, no TypeScript, Vite or tsx.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopServer } from '../reliability/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

interface Packed {
  readonly filename: string;
  readonly files: readonly { path: string }[];
}

let work: string;
let packed: Packed;
let unpacked: string;

beforeAll(() => {
  // what `npm pack` runs first (`prepare`), here rather than inside `npm pack --json`, whose output it would mix with
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  work = mkdtempSync(join(tmpdir(), 'dt-pack-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  packed = (JSON.parse(out) as Packed[])[0]!;
  execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
  unpacked = join(work, 'package');
  linkProductionDependencies(join(unpacked, 'node_modules'));
}, 120_000); // a build, when the sources changed since the last one

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * Links every top-level package of the production dependency closure into `target`: what the
 * package's own files (dist/, bin/) can import. (A linked package resolves its own dependencies from
 * where it really is, as npm installed them: this checks Duotrack's imports, not its dependencies'.)
 */
function linkProductionDependencies(target: string): void {
  const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
  const modules = join(ROOT, 'node_modules');
  for (const path of paths) {
    const name = relative(modules, path).split(sep).join('/');
    if (name.startsWith('..') || name.includes('/node_modules/') || name.split('/').length > (name.startsWith('@') ? 2 : 1)) continue; // the root, nested copies (they come with their parent)
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(path, join(target, name), 'dir');
  }
}

describe('the npm package', () => {
  it('holds the built server and web app, the command, the licence, the changelog and the systemd unit', () => {
    const files = packed.files.map((f) => f.path);
    for (const file of ['package.json', 'bin/duotrack.js', 'dist/main.js', 'dist/serve.js', 'dist/db/migrations/0001_initial.js', 'dist/web/index.html', 'LICENSE', 'README.md', 'CHANGELOG.md', '.env.example', 'deploy/systemd/duotrack@.service']) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^dist\/web\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('holds no sources, tests, source maps or build leftovers', () => {
    const unwanted = packed.files.map((f) => f.path).filter((f) => /^(src|test|web|bench|docs|sdk)\//.test(f) || /\.test\.js$|\.map$|^dist\/\.|^scripts\/(?!build-if-stale\.mjs$)/.test(f));
    expect(unwanted).toEqual([]);
  });

  it('runs with the production dependencies alone', () => {
    const installed = new Set(readdirNames(join(unpacked, 'node_modules')));
    for (const dependency of Object.keys(manifest.dependencies)) expect(installed).toContain(dependency);
    for (const tool of ['typescript', 'vite', 'vitest', 'tsx', '@vitejs/plugin-react', 'react']) expect(installed).not.toContain(tool);

    const version = execFileSync(process.execPath, ['bin/duotrack.js', '--version'], { cwd: unpacked, encoding: 'utf8' });
    expect(version).toBe(`duotrack ${manifest.version}\n`);
  });

  it('serves /healthz, /demo and the web app from the unpacked package, and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dt-pack-data-'));
    const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' }, { cwd: unpacked, entry: 'bin/duotrack.js' });
    try {
      expect(await server.health()).toMatchObject({ status: 'ok', database: 'up' });
      const demo = await fetch(`${server.origin}/demo`);
      expect(demo.status).toBe(200);
      expect(await demo.text()).toContain('Midnight Drive');
      const app = await fetch(`${server.origin}/app/`);
      expect(app.status).toBe(200);
      expect(await app.text()).toMatch(/<script type="module" crossorigin src="\/app\/assets\/index-[\w-]+\.js"><\/script>/);
    } finally {
      expect((await stopServer(server)).code).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Package names in a node_modules directory (scoped ones as @scope/name). */
function readdirNames(modules: string): string[] {
  const paths = execFileSync('find', [modules, '-mindepth', '1', '-maxdepth', '2', '-type', 'l'], { encoding: 'utf8' }).trim().split('\n');
  return paths.map((p) => relative(modules, p).split(sep).join('/'));
}
