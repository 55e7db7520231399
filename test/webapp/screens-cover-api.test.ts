// Everything a user can do through the API, a user with the right role can do in the app: every
// operation of the OpenAPI document (sdk/openapi.json, kept equal to the live one by
// generated-types.test.ts) is called by some screen of web/src, or is listed below with the reason
// no person needs a screen for it. A new route without a screen fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Operations no screen calls, on purpose. */
const WITHOUT_SCREEN: Readonly<Record<string, string>> = {
  'GET /healthz': 'the load balancer’s liveness probe',
  'GET /api/health/tracking': 'the monitors’ health check (the JSON of the design document); people see the same figures on the dashboard’s performance panel',
  'POST /e': 'the fan page’s beacon (Engine 2), sent by fans’ browsers, not by staff',
  'POST /api/v1/users': 'for scripts (a user with a password the caller sets); in the app people are invited by e-mail (POST /api/v1/invitations)',
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(): string[] {
  const doc = JSON.parse(readFileSync(join(ROOT, 'sdk', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The operations the app's code calls: writes by api.<method>('path'), reads by the loaders given a path or a constant holding one. */
export function calledOperations(code: string): Set<string> {
  const called = new Set<string>();
  for (const m of code.matchAll(/\bapi\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)) called.add(`${(m[1] as string).toUpperCase()} ${m[2]}`);
  const constants = new Map([...code.matchAll(/\bconst\s+(\w+)\s*=\s*'(\/api\/[^']+)'/g)].map((m) => [m[1] as string, m[2] as string]));
  for (const m of code.matchAll(/\b(?:useApi|useApiList|fetchFile|getPath)\(\s*(?:[^,()]*\?\s*)?(?:'([^']+)'|(\w+))/g)) {
    const path = m[1] ?? constants.get(m[2] as string);
    if (path) called.add(`GET ${path}`);
  }
  return called;
}

describe('the web app covers the API', () => {
  it('calls every operation but the listed ones', () => {
    const called = calledOperations(sources(join(ROOT, 'web', 'src')).join('\n'));
    const missing = operations().filter((op) => !called.has(op) && !(op in WITHOUT_SCREEN));
    expect(missing, 'operations no screen calls: give each a screen, or a reason in WITHOUT_SCREEN').toEqual([]);
  });

  it('lists only operations that exist and that no screen calls', () => {
    const all = new Set(operations());
    const called = calledOperations(sources(join(ROOT, 'web', 'src')).join('\n'));
    for (const op of Object.keys(WITHOUT_SCREEN)) {
      expect(all.has(op), `${op} is not in the API`).toBe(true);
      expect(called.has(op), `${op} has a screen now: remove it from WITHOUT_SCREEN`).toBe(false);
    }
  });

  it('recognises the ways screens call the API', () => {
    const code = [
      "await api.post('/api/v1/keys', { body })",
      "api.delete('/api/v1/keys/{id}', { params })",
      "const alerts = useApi('/api/v1/alerts', { query })",
      "useApi(isMaster ? '/api/v1/clients/{id}' : null)",
      "const KEYS = '/api/v1/keys';\nconst keys = useApiList(KEYS);",
      "fetchFile('/api/v1/analytics/export.csv', params)",
    ].join('\n');
    expect([...calledOperations(code)].sort()).toEqual(['DELETE /api/v1/keys/{id}', 'GET /api/v1/alerts', 'GET /api/v1/analytics/export.csv', 'GET /api/v1/clients/{id}', 'GET /api/v1/keys', 'POST /api/v1/keys'].sort());
  });
});
