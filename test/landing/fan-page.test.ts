// The fan page's design, through app.inject() on every database: a logo per service, the call to
// action per kind of service (Pre-order before the release, in both languages, the cached page
// turning over on the release day), brand colours at AA, and nothing inline that the CSP refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siBandcamp, siSpotify } from 'simple-icons';
import { contrastRatio } from '../../src/landing/contrast.js';
import { fillSlots } from '../../src/landing/layout.js';
import { renderedLanding } from '../../src/landing/page.js';
import { NOTE } from '../../src/landing/service-icons.js';
import { createSmartlink, type NewSmartlink } from '../../src/links/smartlink.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PHONE_UA } from '../support/events.js';

const DAY = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const SERVICES: NewSmartlink['services'] = [
  { service: 'spotify', url: 'https://open.spotify.com/album/1' },
  { service: 'bandcamp', url: 'https://artist.bandcamp.com/album/1' },
  { service: 'beatport', url: 'https://www.beatport.com/release/x/1' },
  { service: 'amazon-music', url: 'https://music.amazon.com/albums/1' },
  { service: 'fan-club', label: 'Fan club', url: 'https://fans.test/1' },
];

/** Each row's service and the words of its button. */
function buttons(body: string): [string, string][] {
  return [...body.matchAll(/data-service="([^"]+)">.*?<span class="cta">([^<]+)<\/span>/g)].map((m) => [m[1] as string, m[2] as string]);
}

describe.each(DIALECTS)('the fan page’s design on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let client: Client;
  const get = (url: string, lang = 'en') => t.app.inject({ method: 'GET', url, headers: { 'user-agent': PHONE_UA, 'accept-language': lang } });
  const link = (slug: string, releaseDate: string | null) =>
    createSmartlink(t.ctx.database.db, { clientId: client.id, slug, artistName: 'Lune', trackTitle: 'Tide', releaseDate, status: 'live', services: SERVICES });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database);
    client = await createClient(t.ctx.database.db, { name: 'Design Records', branding: { primaryColor: '#ffc371', secondaryColor: '#3a1c71', font: 'serif' } });
  });
  afterAll(async () => {
    await t.close();
    await database.cleanup();
  });

  it('names each button by what the service does, in English and in French', async () => {
    await link('out-now', isoDay(Date.now() - 3 * DAY));
    expect(buttons((await get('/out-now')).body)).toEqual([['spotify', 'Play'], ['bandcamp', 'Buy'], ['beatport', 'Download'], ['amazon-music', 'Play'], ['fan-club', 'Open']]);
    expect(buttons((await get('/out-now', 'fr-FR,fr;q=0.9')).body)).toEqual([['spotify', 'Écouter'], ['bandcamp', 'Acheter'], ['beatport', 'Télécharger'], ['amazon-music', 'Écouter'], ['fan-club', 'Ouvrir']]);
  });

  it('says Pre-order on streams and sales before the release date', async () => {
    await link('coming-soon', isoDay(Date.now() + 10 * DAY));
    expect(buttons((await get('/coming-soon')).body)).toEqual([['spotify', 'Pre-order'], ['bandcamp', 'Pre-order'], ['beatport', 'Download'], ['amazon-music', 'Pre-order'], ['fan-club', 'Open']]);
    expect(buttons((await get('/coming-soon', 'fr')).body).map(([, cta]) => cta)).toEqual(['Précommander', 'Précommander', 'Télécharger', 'Précommander', 'Ouvrir']);
  });

  it('turns the cached page over on the release day', async () => {
    const releaseDay = Date.UTC(2031, 4, 20);
    const smartlink = await link('release-day', isoDay(releaseDay));
    const landing = { client, smartlink };
    const ctaAt = (now: number) => buttons(fillSlots(renderedLanding(landing, { origin: 'https://links.test', lang: 'en', services: smartlink.services }, now).template, {}).toString())[0]?.[1];
    expect(ctaAt(releaseDay - 1)).toBe('Pre-order');
    expect(ctaAt(releaseDay)).toBe('Play'); // same landing object, same cache: a new variant
    expect(ctaAt(releaseDay - 1)).toBe('Pre-order');
  });

  it('draws a logo per service: simple-icons where it has one, a neutral note otherwise', async () => {
    const { body } = await get('/out-now');
    const rows = [...body.matchAll(/<li><a [^>]*data-service="([^"]+)">(<svg[^>]*>.*?<\/svg>)/g)].map((m) => [m[1], m[2] as string] as const);
    expect(rows.map(([service]) => service)).toEqual(SERVICES.map((s) => s.service));
    for (const [, svg] of rows) expect(svg).toMatch(/^<svg class="ic" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">/);
    const svgOf = (service: string) => rows.find(([s]) => s === service)?.[1];
    expect(svgOf('spotify')).toContain(`d="${siSpotify.path}"`);
    expect(svgOf('spotify')).toContain(`fill="#${siSpotify.hex.toLowerCase()}"`);
    expect(svgOf('bandcamp')).toContain(`d="${siBandcamp.path}"`);
    expect(svgOf('amazon-music')).toContain(`d="${NOTE.path}"`); // not in simple-icons
    expect(svgOf('fan-club')).toContain(`d="${NOTE.path}"`); // a custom service
  });

  it('draws the brand colours at AA contrast, the chosen font, and nothing the CSP would refuse', async () => {
    const { body } = await get('/out-now');
    const accent = /--p:(#[0-9a-f]{6})/.exec(body)?.[1] as string;
    expect(contrastRatio('#ffc371', '#ffffff')).toBeLessThan(4.5); // the client's choice: too faint on the white rows
    expect(contrastRatio(accent, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(body).toContain('--f:Georgia,"Times New Roman",serif');
    expect(body).not.toMatch(/\sstyle=/); // style-src is the nonce: no style attribute
    expect([...body.matchAll(/<style( nonce="[^"]*")?>/g)].every((m) => m[1])).toBe(true);
  });

  it('brands the 404 page with the same corrected colours and the real font stack', async () => {
    const res = await get('/out-now/not-a-service');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('--f:Georgia,"Times New Roman",serif');
    expect(contrastRatio(/--p:(#[0-9a-f]{6})/.exec(res.body)?.[1] as string, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
