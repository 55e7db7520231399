#!/usr/bin/env node
// Builds dist/ (TypeScript → dist/, the web app → dist/web) only when its inputs changed since the
// last build: `npm start` and `prepare` (so `npm install`) run it; `npm run build` passes --force.
// Plain JavaScript with no dependency, so it runs where the build tools are not installed
// (`npm install --omit=dev`): there, an existing build is used as it is.
//
// The inputs' content hash is kept in dist/.build-stamp, written only after a build succeeded.
// Exit 0 when dist/ is up to date, built, or kept; 1 when the build failed or nothing can be built.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the build reads: the server, the web app (with its Vite config and tsconfig), the SDK it may import, the locked dependencies. */
const INPUTS = ['src', 'web', 'sdk/src', 'tsconfig.json', 'package-lock.json'];
/** What a usable build has. */
const OUTPUTS = ['dist/main.js', 'dist/web/index.html'];
const STAMP = join(ROOT, 'dist', '.build-stamp');
const WEB_OUT = join(ROOT, 'dist', 'web');

const say = (line) => console.log(`duotrack: ${line}`);

function main(argv) {
  const force = argv.includes('--force');
  const hash = inputsHash();
  const built = OUTPUTS.every((path) => existsSync(join(ROOT, path)));
  // up to date, or a packed release (dist/ without the sources it was built from)
  if (!force && built && (readStamp() === hash || !existsSync(join(ROOT, 'src')))) return 0;

  const tools = { tsc: toolBin('typescript', 'tsc'), vite: toolBin('vite', 'vite') };
  if (!tools.tsc || !tools.vite) {
    if (built && !force) {
      say('sources changed since dist/ was built, but TypeScript and Vite are not installed (npm install --omit=dev?): using the existing build.');
      return 0;
    }
    console.error('duotrack: cannot build: TypeScript and Vite are not installed, and there is no build in dist/. Run `npm install` (with the dev dependencies), or install a packed release (`npm pack`), which contains dist/.');
    return 1;
  }

  const started = Date.now();
  say(built && !force ? 'sources changed, building…' : 'building…');
  rmSync(STAMP, { force: true });
  if (!run('TypeScript', tools.tsc, ['-p', 'tsconfig.json'])) return 1;
  if (!buildWebApp(tools.vite)) return 1;
  writeFileSync(STAMP, hash + '\n');
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}

/** SHA-256 over every input file's path and content, in a fixed order; an absent input counts as absent. */
function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of filesUnder(join(ROOT, input))) {
      hash.update(relative(ROOT, file).split(sep).join('/') + '\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function filesUnder(path) {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOTDIR') return [path];
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((entry) => entry.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

function readStamp() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The JavaScript entry of an installed package's command, or null when the package is not installed. */
function toolBin(pkg, command) {
  const dir = join(ROOT, 'node_modules', pkg);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[command];
  return bin && existsSync(join(dir, bin)) ? join(dir, bin) : null;
}

function run(what, bin, args, env = process.env) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, stdio: 'inherit', env });
  if (result.status === 0) return true;
  console.error(`duotrack: the ${what} build failed${result.error ? `: ${result.error.message}` : ''}.`);
  return false;
}

/**
 * Vite, warnings and errors only, into a staging directory swapped in at the end, so a server
 * reading dist/web never sees half a build. NODE_ENV=production whatever the caller's (a test
 * runner's `test` would give React's development build).
 */
function buildWebApp(vite) {
  const staging = join(ROOT, 'dist', `.web-build-${process.pid}`);
  const previous = join(ROOT, 'dist', `.web-previous-${process.pid}`);
  const args = ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'];
  if (!run('web app', vite, args, { ...process.env, NODE_ENV: 'production' })) {
    rmSync(staging, { recursive: true, force: true });
    return false;
  }
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(WEB_OUT)) renameSync(WEB_OUT, previous);
  renameSync(staging, WEB_OUT);
  rmSync(previous, { recursive: true, force: true });
  return true;
}

process.exitCode = main(process.argv.slice(2));
