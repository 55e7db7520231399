// The API under hostile input, driven by its own OpenAPI document: every operation, every
// parameter (path, query, each body property at any depth, and the body as a whole) given each
// value of a fixed table of hostile values, with a master key, on every database. Never a 5xx.
// Then the named cases of the hardening review, each a 400 that says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createUser } from '../../src/auth/users.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { createClient } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** Hostile query and path values (sent URL-encoded). */
const HOSTILE_TEXT: readonly string[] = [
  '1e999', '-1e999', '99999999999999999999', '-99999999999999999999', '-1', '0', '1.5', '0x10', 'NaN', 'Infinity',
  '', ' ', 'true', 'null', '[]', '{}', '%', 'x'.repeat(10_000), 'a\u0000b', '\u0000', '日本語', '🎵', '\u202e\u2028',
  "' OR 1=1 --", '"; DROP TABLE clients; --', '<script>alert(1)</script>', '../../etc/passwd', '${jndi:ldap://x}',
  '9999-12-31', '0000-00-00', '2024-02-30', '1969-12-31', '+010000-01-01', '2024-13-01',
];

/** Hostile body values, as raw JSON text (1e999 parses to Infinity, which JSON.stringify cannot write). */
const HOSTILE_JSON: readonly string[] = [
  '1e999', '-1e999', '99999999999999999999', '-1', '0', '1.5', 'null', 'true', 'false', '""', '" "', '[]', '[1,[2,[3]]]', '{}',
  '{"__proto__":{"admin":true}}', JSON.stringify('x'.repeat(10_000)), '"a\\u0000b"', '"\\ud800"', '"日本語🎵"', '"\\u2028\\r\\n"',
  JSON.stringify("' OR 1=1 --"), JSON.stringify('<script>alert(1)</script>'), '"javascript:alert(1)"', '"https://例え.jp/"',
  '"9999-12-31"', '"0000-00-00"', '"NaN"', '"1e999"', `${'['.repeat(20_000)}"a\\u0000b"${']'.repeat(20_000)}`,
];

type JsonSchema = {
  type?: string;
  enum?: readonly unknown[];
  minLength?: number;
  minimum?: number;
  minItems?: number;
  required?: readonly string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
};
interface Parameter {
  readonly in: 'path' | 'query';
  readonly name: string;
  readonly schema: JsonSchema;
}
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: JsonSchema | null;
}
/** A parameter to make hostile: a path or query parameter, a body property (by its path), or the whole body. */
type Target = { readonly in: 'path' | 'query'; readonly name: string } | { readonly in: 'body'; readonly at: readonly (string | number)[] };

const SAMPLES: Readonly<Record<string, unknown>> = {
  email: 'fuzz@example.com',
  password: 'fuzz password 1',
  currentPassword: 'fuzz password 1',
  newPassword: 'fuzz password 2',
  url: 'https://example.com/track',
  service: 'spotify',
  secret: 'a signing secret of 32 chars....',
};

/** A value the schema accepts, to hold every parameter that is not the hostile one. */
function sample(schema: JsonSchema, name: string): unknown {
  if (name in SAMPLES) return SAMPLES[name];
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return 'fuzz'.padEnd(schema.minLength ?? 1, 'z');
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, name));
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties?.[key] ?? {}, key)]));
    default:
      return null;
  }
}

/** Every property path of a body schema: nested objects' properties and an array's first item. */
function bodyPaths(schema: JsonSchema, at: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  const own = Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [[...at, key], ...bodyPaths(child, [...at, key])]);
  return schema.type === 'array' && schema.items ? [[...at, 0], ...bodyPaths(schema.items, [...at, 0])] : own;
}

/** A schema with its references to the document's named schemas replaced by what they name (none is recursive). */
function inlined(schema: unknown, named: Readonly<Record<string, unknown>>): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const { $ref } = node as { $ref?: string };
    if ($ref !== undefined) return walk(named[$ref.replace('#/components/schemas/', '')]);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(schema) as JsonSchema;
}

function operations(document: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components: { schemas: Record<string, unknown> };
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const body = op.requestBody?.content['application/json']?.schema;
      return { method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: body ? inlined(body, document.components.schemas) : null };
    }),
  );
}

const MARK = '"__the_hostile_value__"';

/** The JSON text of `base` with the value at `at` replaced by the raw JSON `value`. */
function bodyWith(base: unknown, at: readonly (string | number)[], value: string): string {
  if (at.length === 0) return value;
  const root = structuredClone(base ?? {}) as Record<string | number, unknown>;
  let node = root;
  at.slice(0, -1).forEach((key, i) => {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof at[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  node[at[at.length - 1] as string | number] = JSON.parse(MARK);
  return JSON.stringify(root).replace(MARK, () => value);
}

describe.each(DIALECTS)('API fuzzing on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let masterKey = '';
  /** Which existing record a path's {id} names, by the collection before it. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    const db = t.ctx.database.db;
    const client = await createClient(db, { name: 'Fuzzed label', settings: { allowCustomDomains: true } });
    ids.clients = client.id;
    ids.smartlinks = (await createSmartlink(db, { clientId: client.id, slug: 'fuzzed', artistName: 'A', trackTitle: 'T', services: [{ service: 'spotify', url: 'https://open.spotify.com/track/x' }], status: 'live' })).id;
    ids.users = (await createUser(db, { email: 'victim@example.com', password: 'victim password', role: 'client', clientId: client.id })).id;
    ids.keys = (await createApiKey(db, { clientId: client.id, name: 'victim' })).id;
    masterKey = (await createApiKey(db, { clientId: null, name: 'fuzzer' })).key;
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('answers every operation of the OpenAPI document without a 5xx, whatever the parameters hold', async () => {
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json();
    // Deletions last, so that the other operations find the records their paths name.
    const ops = operations(document).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    expect(ops.length).toBeGreaterThan(30);

    const failures: string[] = [];
    let requests = 0;
    for (const op of ops) {
      const collection = op.path.split('/')[3] ?? '';
      const basePath = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema.enum ? String(p.schema.enum[0]) : (ids[collection] ?? 'none')]));
      const baseBody = op.body ? sample(op.body, '') : undefined;
      const writes = ['POST', 'PUT', 'PATCH'].includes(op.method);
      const targets: Target[] = [
        ...op.parameters.map((p) => ({ in: p.in, name: p.name })),
        ...(op.body ? bodyPaths(op.body).map((at) => ({ in: 'body' as const, at })) : []),
        ...(writes ? [{ in: 'body' as const, at: [] }] : []),
      ];
      for (const target of targets) {
        for (const value of target.in === 'body' ? HOSTILE_JSON : HOSTILE_TEXT) {
          const pathValues = target.in === 'path' ? { ...basePath, [target.name]: value } : basePath;
          const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? ''));
          const query = target.in === 'query' ? `?${encodeURIComponent(target.name)}=${encodeURIComponent(value)}` : '';
          const payload = target.in === 'body' ? bodyWith(baseBody, target.at, value) : baseBody === undefined ? undefined : JSON.stringify(baseBody);
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: url + query,
            headers: { authorization: `Bearer ${masterKey}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(payload === undefined ? {} : { payload }),
          });
          requests++;
          if (res.statusCode >= 500) {
            const where = target.in === 'body' ? `body${target.at.map((k) => `.${k}`).join('')}` : `${target.in} ${target.name}`;
            failures.push(`${op.method} ${op.path} ${where} = ${value.slice(0, 40)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(3000);
  }, 120_000);

  describe('the hardening review’s cases: a 400 that says why', () => {
    const get = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${masterKey}` } });

    it.each(['/api/v1/clients', '/api/v1/smartlinks', '/api/v1/users', '/api/v1/keys', '/api/v1/audit', '/api/v1/alerts'].flatMap((route) =>
      ['1e999', '99999999999999999999'].map((offset) => ({ route, offset })),
    ))('$route?offset=$offset', async ({ route, offset }) => {
      const res = await get(`${route}?offset=${offset}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('querystring/offset must be <= 1000000000');
    });

    it.each(['/api/v1/analytics/overview', '/api/v1/analytics/export.csv', '/api/v1/migration/reconcile', '/api/v1/privacy/export'])('%s?to=9999-12-31', async (route) => {
      const res = await get(`${route}?clientId=${ids.clients}&to=9999-12-31`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^(from|to): a date like 2026-11-24, in the years 1970 to 2999$/);
    });

    it.each<{ name: string; request: { method?: 'POST' | 'PATCH'; url: string; payload?: object }; path: string }>([
      { name: 'the query', request: { url: '/api/v1/clients?q=a%00b' }, path: 'query.q' },
      { name: 'the path', request: { url: '/api/v1/clients/a%00b' }, path: 'params.id' },
      { name: 'the tracking health’s query (outside /api/v1)', request: { url: '/api/health/tracking?clientId=a%00b' }, path: 'query.clientId' },
      { name: 'a body field', request: { method: 'POST', url: '/api/v1/clients', payload: { name: 'a\u0000b' } }, path: 'body.name' },
      { name: 'a nested body key', request: { method: 'PATCH', url: '/api/v1/clients/ID', payload: { tracking: { custom: { 'k\u0000': 'v' } } } }, path: 'body.tracking.custom.k\u0000' },
      { name: 'an array item', request: { method: 'POST', url: '/api/v1/smartlinks', payload: { slug: 's', artistName: 'A', trackTitle: 'T', services: [{ service: 'spotify', url: 'https://x.test/\u0000' }] } }, path: 'body.services[0].url' },
    ])('refuses a NUL byte in $name', async ({ request, path }) => {
      const res = await t.app.inject({ ...request, url: request.url.replace('ID', ids.clients ?? ''), headers: { authorization: `Bearer ${masterKey}` } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_request', message: `${path}: a NUL byte (\\u0000) is not accepted` });
    });
  });
});
