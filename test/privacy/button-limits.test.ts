// The privacy page's buttons are limited per address on every database: beyond the limit a press
// changes nothing (no erasure, no audit row, no cookie) and gets the page saying so, with 429.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartlink } from '../../src/links/smartlink.js';
import { PRESSES_PER_MINUTE } from '../../src/privacy/routes.js';
import { createClient } from '../../src/tenants/client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { PHONE_UA } from '../support/events.js';

describe.each(DIALECTS)('privacy buttons on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;

  const press = (button: 'erase' | 'opt-out' | 'opt-in', address: string, lang = 'en', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/privacy/limits/${button}`, headers: { 'user-agent': PHONE_UA, 'x-forwarded-for': address, 'accept-language': lang, ...headers } });
  const presses = async (button: 'erase' | 'opt-out' | 'opt-in', address: string, count: number) => {
    const answers = [];
    for (let i = 0; i < count; i++) answers.push(await press(button, address));
    return answers;
  };
  const audited = async () =>
    Number((await t.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'privacy.erase').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    const client = await createClient(t.ctx.database.db, { name: 'Limits' });
    await createSmartlink(t.ctx.database.db, { clientId: client.id, slug: 'limits', artistName: 'A', trackTitle: 'T', status: 'live', services: [{ service: 'spotify', url: 'https://open.spotify.com/x' }] });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('erases and audits at most the limit of presses from one address; the rest get the page saying so', async () => {
    const answers = await presses('erase', '81.2.69.10', PRESSES_PER_MINUTE + 2);
    expect(answers.map((a) => a.statusCode)).toEqual([...Array(PRESSES_PER_MINUTE).fill(200), 429, 429]);
    expect(await audited()).toBe(PRESSES_PER_MINUTE);
    const refused = answers.at(-1)!;
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many requests from your network: nothing was changed. Please try again in a minute.');
    expect(refused.body).toContain('Erase my data of today'); // the page itself, to try again from
    expect((await press('erase', '81.2.69.10', 'fr')).body).toContain('Trop de demandes depuis votre réseau');
    expect((await press('erase', '81.2.69.11')).statusCode).toBe(200); // another address is not held up
    expect(await audited()).toBe(PRESSES_PER_MINUTE + 1);
  });

  it('limits opting out and back in the same way, and a refused press sets no cookie', async () => {
    const out = await presses('opt-out', '81.2.69.20', PRESSES_PER_MINUTE + 1);
    expect(out.map((a) => a.statusCode)).toEqual([...Array(PRESSES_PER_MINUTE).fill(200), 429]);
    expect(out[0]!.headers['set-cookie']).toMatch(/^dt_optout=1;/);
    expect(out.at(-1)!.headers['set-cookie']).toBeUndefined();
    const back = await presses('opt-in', '81.2.69.20', PRESSES_PER_MINUTE + 1);
    expect(back.map((a) => a.statusCode)).toEqual([...Array(PRESSES_PER_MINUTE).fill(200), 429]);
  });

  it('refuses a cross-site post without counting it: a page elsewhere cannot use up a fan’s presses', async () => {
    for (const button of ['erase', 'opt-out'] as const) {
      for (let i = 0; i < PRESSES_PER_MINUTE + 2; i++) {
        const forged = await press(button, '81.2.69.30', 'en', { origin: 'https://attacker.example' });
        expect(forged.statusCode).toBe(404);
        expect(forged.headers['set-cookie']).toBeUndefined();
      }
    }
    expect(await audited()).toBe(PRESSES_PER_MINUTE + 1); // the first test's, none more
    // the fan's own presses, from the same address, are all still there
    expect((await presses('erase', '81.2.69.30', PRESSES_PER_MINUTE)).map((a) => a.statusCode)).toEqual(Array(PRESSES_PER_MINUTE).fill(200));
    expect((await press('opt-out', '81.2.69.30')).statusCode).toBe(200);
  });
});
