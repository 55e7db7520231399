// scripts/build-if-stale.mjs, run in a throwaway project with stand-in build tools (a `tsc` and a
// `vite` that write their outputs and log each call): it builds only when an input changed, keeps
// an existing build when the tools are absent, and fails clearly when there is nothing to run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-stale.mjs', import.meta.url));

const FAKE_TSC = `const fs = require('node:fs');
fs.appendFileSync('tools.log', 'tsc ' + process.argv.slice(2).join(' ') + '\\n');
if (fs.readFileSync('src/main.ts', 'utf8').includes('TYPE ERROR')) { console.error('src/main.ts: error TS2322'); process.exit(2); }
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/main.js', '// built\\n');`;

const FAKE_VITE = `const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync('tools.log', 'vite ' + args.join(' ') + ' NODE_ENV=' + process.env.NODE_ENV + '\\n');
const out = args[args.indexOf('--outDir') + 1];
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(out + '/index.html', '<!doctype html>');`;

function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function installTool(root: string, name: string, bin: string, code: string): void {
  write(join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, bin: { [bin]: `bin/${bin}.js` } }));
  write(join(root, 'node_modules', name, 'bin', `${bin}.js`), code);
}

let root: string;

function build(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
const toolCalls = () => (existsSync(join(root, 'tools.log')) ? readFileSync(join(root, 'tools.log'), 'utf8').trim().split('\n') : []);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dt-build-'));
  write(join(root, 'scripts', 'build-if-stale.mjs'), readFileSync(SCRIPT, 'utf8'));
  write(join(root, 'src', 'main.ts'), 'export {};\n');
  write(join(root, 'web', 'index.html'), '<!doctype html>\n');
  write(join(root, 'web', 'vite.config.ts'), 'export default {};\n');
  write(join(root, 'tsconfig.json'), '{}\n');
  write(join(root, 'package-lock.json'), '{}\n');
  installTool(root, 'typescript', 'tsc', FAKE_TSC);
  installTool(root, 'vite', 'vite', FAKE_VITE);
  return () => rmSync(root, { recursive: true, force: true });
});

describe('build-if-stale', () => {
  it('builds a fresh checkout: TypeScript, then the web app quietly in production mode, swapped into dist/web', () => {
    const result = build();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^duotrack: building…\nduotrack: built in \d+\.\d s\.\n$/);
    const [tsc, vite] = toolCalls();
    expect(tsc).toBe('tsc -p tsconfig.json');
    expect(vite).toMatch(/^vite build --config web\/vite\.config\.ts --logLevel warn --outDir \S+\/dist\/\.web-build-\d+ --emptyOutDir NODE_ENV=production$/);
    expect(readFileSync(join(root, 'dist', 'web', 'index.html'), 'utf8')).toBe('<!doctype html>');
    expect(readFileSync(join(root, 'dist', '.build-stamp'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('does nothing, silently, when no input changed', () => {
    build();
    const calls = toolCalls().length;
    expect(build()).toEqual({ code: 0, out: '', err: '' });
    expect(toolCalls()).toHaveLength(calls);
  });

  it.each([
    { name: 'a server source', path: 'src/tracking/new-step.ts' },
    { name: 'a web source', path: 'web/src/App.tsx' },
    { name: 'the Vite config', path: 'web/vite.config.ts' },
    { name: 'the SDK the web app imports', path: 'sdk/src/index.ts' },
    { name: 'the tsconfig', path: 'tsconfig.json' },
    { name: 'the locked dependencies', path: 'package-lock.json' },
  ])('rebuilds when $name changes', ({ path }) => {
    build();
    const calls = toolCalls().length;
    write(join(root, path), `// changed ${path}\n`);
    const result = build();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('duotrack: sources changed, building…');
    expect(toolCalls()).toHaveLength(calls + 2);
  });

  it('rebuilds a missing web build even when the sources did not change', () => {
    build();
    rmSync(join(root, 'dist', 'web'), { recursive: true });
    expect(build().code).toBe(0);
    expect(existsSync(join(root, 'dist', 'web', 'index.html'))).toBe(true);
  });

  it('always builds with --force', () => {
    build();
    const calls = toolCalls().length;
    expect(build('--force').code).toBe(0);
    expect(toolCalls()).toHaveLength(calls + 2);
  });

  it('fails on a TypeScript error, leaves no stamp, and tries again next time', () => {
    build();
    write(join(root, 'src', 'main.ts'), 'TYPE ERROR\n');
    const failed = build();
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('src/main.ts: error TS2322');
    expect(failed.err).toContain('duotrack: the TypeScript build failed.');
    expect(existsSync(join(root, 'dist', '.build-stamp'))).toBe(false);
    write(join(root, 'src', 'main.ts'), 'export {};\n'); // back to the last built content: the build still runs
    expect(build().out).toContain('building');
  });

  it('keeps the existing build, with one line, when the tools are absent (npm install --omit=dev)', () => {
    build();
    rmSync(join(root, 'node_modules', 'vite'), { recursive: true });
    write(join(root, 'src', 'main.ts'), 'export const changed = 1;\n');
    const calls = toolCalls().length;
    const result = build();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe('duotrack: sources changed since dist/ was built, but TypeScript and Vite are not installed (npm install --omit=dev?): using the existing build.\n');
    expect(toolCalls()).toHaveLength(calls);
  });

  it('uses the build of a packed release (dist/ without sources) as it is, silently', () => {
    build();
    rmSync(join(root, 'src'), { recursive: true });
    const calls = toolCalls().length;
    expect(build()).toEqual({ code: 0, out: '', err: '' });
    expect(toolCalls()).toHaveLength(calls);
  });

  it('fails clearly when the tools are absent and there is no build', () => {
    rmSync(join(root, 'node_modules', 'typescript'), { recursive: true });
    const result = build();
    expect(result.code).toBe(1);
    expect(result.err).toContain('duotrack: cannot build: TypeScript and Vite are not installed, and there is no build in dist/.');
    expect(toolCalls()).toEqual([]);
  });
});
