// The OpenAPI document as the contract: `redocly lint` with the repository's redocly.yaml finds no
// error and no warning in the document the app serves (every route, /metrics included), and what
// generated clients rely on holds: a unique camelCase operationId, a summary and declared tags on
// every operation, named PascalCase components, and every error answer an `Error`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');
const ERROR_REF = '#/components/schemas/Error';
const METRICS_TOKEN = 'a metrics token for the document';

interface Problem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}

interface Response {
  readonly description: string;
  readonly content?: Record<string, { schema: { $ref?: string } }>;
}
interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly tags?: readonly string[];
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly responses: Record<string, Response>;
}
interface Document {
  readonly tags: readonly { name: string; description?: string }[];
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { schemas: Record<string, unknown> };
}

/** `redocly lint` of `document` with redocly.yaml: its problems. */
async function lint(document: unknown, dir: string): Promise<Problem[]> {
  const file = join(dir, `openapi-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(document));
  const args = ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  // It exits with 1 when it finds an error: the report is on stdout either way.
  const stdout = await promisify(execFile)(REDOCLY, args, { cwd: ROOT, env, maxBuffer: 16 << 20 }).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? '',
  );
  const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: Problem[] };
  expect(report.problems.filter((p) => p.severity === 'error')).toHaveLength(report.totals.errors);
  return report.problems;
}

const shown = (problems: readonly Problem[]) => problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);

describe.each(DIALECTS)('OpenAPI document on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let document: Document;
  const dir = mkdtempSync(join(tmpdir(), 'duotrack-openapi-lint-'));
  const operations = () => Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    // With METRICS_TOKEN, /metrics exists and is documented too.
    t = await startTestApp(database, { METRICS_TOKEN });
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    document = res.json();
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes redocly lint (redocly.yaml) without an error or a warning', async () => {
    expect(shown(await lint(document, dir))).toEqual([]);
  }, 60_000);

  it('is linted with redocly.yaml: a missing 4xx and an undeclared tag are reported', async () => {
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown>; tags: string[] }>> };
    const getClient = broken.paths['/api/v1/clients/{id}']?.get;
    if (!getClient) throw new Error('GET /api/v1/clients/{id} is not in the document');
    getClient.responses = { 200: getClient.responses['200'] }; // no 4xx left
    getClient.tags = ['undeclared'];
    const rules = (await lint(broken, dir)).map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(rules).toEqual(
      expect.arrayContaining(['rule/operation-4xx-response #/paths/~1api~1v1~1clients~1{id}/get/responses', 'operation-tag-defined #/paths/~1api~1v1~1clients~1{id}/get/tags/0']),
    );
  }, 60_000);

  it('documents the management API and the machine-facing routes, not the pages or the web app', () => {
    const routes = operations().map((o) => o.where);
    expect(routes).toEqual(expect.arrayContaining(['GET /healthz', 'GET /api/health/tracking', 'GET /metrics', 'POST /e', 'GET /api/v1/clients']));
    expect(routes.filter((r) => !/^\w+ (\/api\/v1\/|\/healthz$|\/api\/health\/tracking$|\/metrics$|\/e$)/.test(r))).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId, a summary and declared tags', () => {
    const declared = new Set(document.tags.map((tag) => tag.name));
    const ids = operations().map(({ where, op }) => {
      expect(op.operationId, where).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(declared.has(tag), `${where}: tag ${tag}`).toBe(true);
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.tags.every((tag) => tag.description)).toBe(true);
  });

  it('describes every answer, and every error answer is an Error', () => {
    for (const { where, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.description, `${where} ${status}`).not.toBe('Default Response');
        if (status.startsWith('2')) continue;
        expect(response.content?.['application/json']?.schema.$ref, `${where} ${status}`).toBe(ERROR_REF);
      }
    }
  });

  it('names each shared shape once, in PascalCase, and references it', () => {
    const names = Object.keys(document.components.schemas);
    expect(names.filter((name) => !/^[A-Z][a-zA-Z0-9]*$/.test(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['Error', 'Client', 'ClientInput', 'ClientPatch', 'Smartlink', 'SmartlinkInput', 'SmartlinkPatch', 'User', 'ApiKey', 'Alert', 'AuditEntry', 'OverviewReport']));
    const body = (path: string, method: string) => (document.paths[path]?.[method] as { requestBody?: { content: Record<string, { schema: unknown }> } }).requestBody?.content['application/json']?.schema;
    expect(body('/api/v1/clients', 'post')).toEqual({ $ref: '#/components/schemas/ClientInput' });
    expect(document.paths['/api/v1/smartlinks/{id}']?.get?.responses['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Smartlink' });
  });

  it('declares who may call what: the public routes need no credential, /metrics its token', () => {
    const security = (path: string, method: string) => document.paths[path]?.[method]?.security;
    for (const [path, method] of [['/api/v1/auth/login', 'post'], ['/healthz', 'get'], ['/e', 'post']] as const) expect(security(path, method), path).toEqual([]);
    expect(security('/metrics', 'get')).toEqual([{ metricsToken: [] }]);
    expect(security('/api/health/tracking', 'get')).toEqual([{}, { apiKey: [] }, { session: [] }]);
    expect(security('/api/v1/clients', 'get')).toBeUndefined(); // the document's default: an API key or a session
  });

  it('gives the exports and the metrics the media types they are served with', async () => {
    const media = (path: string) => Object.keys(document.paths[path]?.get?.responses['200']?.content ?? {});
    expect(media('/api/v1/analytics/export.csv')).toEqual(['text/csv']);
    expect(media('/api/v1/privacy/export')).toEqual(['text/csv', 'application/x-ndjson']);
    expect(media('/metrics')).toEqual(['text/plain; version=0.0.4']);
    const metrics = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
