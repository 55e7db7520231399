// @duotrack/sdk against a listening Duotrack: the README's example (the two functions below are
// its code, word for word, split where fans visit the new smartlink), and the Bearer header on
// every call. The SDK's own build (tsc to sdk/dist with declarations) is checked too.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDuotrackClient } from '../../sdk/src/index.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

const SDK = fileURLToPath(new URL('../../sdk/', import.meta.url));

/** The README example, up to the smartlink it creates. */
async function readmeCreate(baseUrl: string, apiKey: string | undefined) {
  const duotrack = createDuotrackClient({ baseUrl, apiKey });

  // The clients the key may see (a client's key: its own)
  const clients = await duotrack.GET('/api/v1/clients', { params: { query: { limit: 10 } } });
  if (clients.error) throw new Error(clients.error.message);
  const client = clients.data.data[0]!;

  // A smartlink: paths, parameters, bodies and answers are typed from the API's document
  const created = await duotrack.POST('/api/v1/smartlinks', {
    body: {
      clientId: client.id,
      slug: 'midnight-drive',
      artistName: 'Nova Lune',
      trackTitle: 'Midnight Drive',
      status: 'live',
      services: [{ service: 'spotify', url: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC' }],
    },
  });
  if (created.error) throw new Error(created.error.message);
  const link = created.data;
  return { duotrack, link };
}

/** The README example, once fans have visited the smartlink. */
async function readmeFigures({ duotrack, link }: Awaited<ReturnType<typeof readmeCreate>>) {
  // Its figures over the last 30 days, once fans have visited https://…/midnight-drive
  const overview = await duotrack.GET('/api/v1/analytics/overview', { params: { query: { smartlinkId: link.id } } });
  if (overview.error) throw new Error(overview.error.message);
  console.log(`${link.slug}: ${overview.data.views} views, ${overview.data.uniqueVisitors} fans, ${overview.data.clicks} clicks`);
}

describe('@duotrack/sdk', () => {
  let database: TestDatabase;
  let t: TestApp;
  let baseUrl: string;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const client = await createClient(t.ctx.database.db, { name: 'Nova Records' });
    apiKey = (await createApiKey(t.ctx.database.db, { clientId: client.id, name: 'sdk' })).key;
  });

  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('runs the README example: lists the clients, creates a smartlink, reads its analytics', async () => {
    const session = await readmeCreate(baseUrl, apiKey);
    expect(session.link).toMatchObject({ slug: 'midnight-drive', artistName: 'Nova Lune', status: 'live' });
    const stored = await t.app.inject({ url: `/api/v1/smartlinks/${session.link.id}`, headers: { authorization: `Bearer ${apiKey}` } });
    expect(stored.json()).toMatchObject({ slug: 'midnight-drive', clientId: expect.any(String) });

    // Two fans visit; one of them clicks through to Spotify.
    for (const fan of [1, 2]) {
      const page = await fetch(`${baseUrl}/midnight-drive`, { headers: { 'user-agent': `${PHONE_UA} fan${fan}`, 'x-forwarded-for': `81.2.69.${fan + 10}` } });
      expect(page.status).toBe(200);
    }
    const click = await fetch(`${baseUrl}/midnight-drive/spotify`, { redirect: 'manual', headers: { 'user-agent': `${PHONE_UA} fan1`, 'x-forwarded-for': '81.2.69.11' } });
    expect(click.status).toBe(302);

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await readmeFigures(session);
      expect(log.mock.calls).toEqual([['midnight-drive: 2 views, 2 fans, 1 clicks']]);
    } finally {
      log.mockRestore();
    }
  });

  it('lists only the key’s own client, and is refused without a key', async () => {
    const clients = await createDuotrackClient({ baseUrl, apiKey }).GET('/api/v1/clients');
    expect(clients.data?.data.map((c) => c.name)).toEqual(['Nova Records']);
    const anonymous = await createDuotrackClient({ baseUrl }).GET('/api/v1/clients');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error).toMatchObject({ error: 'unauthorized' });
    await expect(readmeCreate(baseUrl, 'dtk_not-a-key')).rejects.toThrow('unknown or revoked API key');
  });

  it('builds to JavaScript with declarations, whose client works the same', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'duotrack-sdk-'));
    try {
      await promisify(execFile)(join(SDK, 'node_modules', '.bin', 'tsc'), ['-p', join(SDK, 'tsconfig.json'), '--outDir', outDir]);
      for (const file of ['index.js', 'index.d.ts', 'schema.d.ts', 'resources.d.ts']) expect(existsSync(join(outDir, file)), file).toBe(true);
      const built = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as typeof import('../../sdk/src/index.js');
      const clients = await built.createDuotrackClient({ baseUrl, apiKey }).GET('/api/v1/clients');
      expect(clients.data?.data.map((c) => c.name)).toEqual(['Nova Records']);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
