// What a tap on a service does in a real browser (Chromium): from an iOS in-app browser, the page
// that tries the service's app URI falls back to the web player when no app takes it; and the
// "Remember my choice" box sets the preferred-service cookie (the browser's own same-origin tap),
// with which the client's other smartlinks send the fan straight to the service, until the fan
// takes the ?choose way back to the page and forgets it there. Checked on what the browser reached and the server stored.
import { describe, expect, it } from 'vitest';
import { FALLBACK_MS } from '../../src/landing/app-interstitial.js';
import { preferredCookieName } from '../../src/landing/preferred-service.js';
import { createSmartlink } from '../../src/links/smartlink.js';
import { IN_APP_USER_AGENTS } from '../../src/tracking/enrich/fixtures/in-app-user-agents.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E, waitForDecoratedLinks } from './support/harness.js';
import { eventsOf, isClick, uniqueSlug, waitFor, waitForEvents } from './support/server.js';

const INSTAGRAM_IOS = IN_APP_USER_AGENTS.instagram[1]!;
const SPOTIFY_WEB = 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy';

describe('opening a service in Chromium', () => {
  const e2e = useE2E();

  it('tries the app URI from an iOS in-app browser, then falls back to the web player, with one click recorded', async () => {
    const link = await e2e.link({
      client: { tracking: {} },
      smartlink: { services: [{ service: 'spotify', url: SPOTIFY_WEB, appUris: { ios: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy' } }] },
    });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US, userAgent: INSTAGRAM_IOS });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(page);
    const tapped = Date.now();
    await page.click('a[data-service="spotify"]');
    // (The app URI's own navigation fails — no app here — which waitForURL would take as an error.)
    await waitFor('the web player', async () => page.url() === SPOTIFY_WEB, 10_000);
    await page.waitForLoadState('domcontentloaded');
    expect(Date.now() - tapped).toBeGreaterThanOrEqual(FALLBACK_MS - 100); // it waited for an app first
    expect(await page.textContent('#service-ok')).toBe('SERVICE OK');
    const clicks = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ service: 'spotify', in_app: 'instagram', os: 'iOS' });
  });

  it('remembers the service only when the box is ticked, and then skips the page of the client’s other smartlinks', async () => {
    const link = await e2e.link({ client: { tracking: {}, settings: { skipToPreferredService: true } } });
    const other = await createSmartlink(e2e.server.t.ctx.database.db, {
      clientId: link.client.id,
      slug: uniqueSlug('pref'),
      artistName: 'Nova Lune',
      trackTitle: 'Second Single',
      status: 'live',
      services: [
        { service: 'deezer', url: 'https://www.deezer.com/track/2' },
        { service: 'spotify', url: 'https://open.spotify.com/track/y' },
      ],
    });
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const cookieName = preferredCookieName(link.client.id);

    // Not ticked: the tap goes through, nothing is remembered.
    const first = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(first.page);
    expect(await first.page.isVisible('#dt-remember')).toBe(true);
    expect(await first.page.isChecked('#dt-remember')).toBe(false);
    await first.page.click('a[data-service="deezer"]');
    await first.page.waitForURL(/^https:\/\/www\.deezer\.com\//, { waitUntil: 'domcontentloaded' });
    expect((await visitor.context.cookies()).some((c) => c.name === cookieName)).toBe(false);

    // Ticked: the cookie is set, first-party and HttpOnly.
    const second = await e2e.visit(visitor, link.path);
    await waitForDecoratedLinks(second.page);
    await second.page.check('#dt-remember');
    await second.page.click('a[data-service="spotify"]');
    await second.page.waitForURL(/^https:\/\/open\.spotify\.com\//, { waitUntil: 'domcontentloaded' });
    const cookie = (await visitor.context.cookies()).find((c) => c.name === cookieName);
    expect(cookie).toMatchObject({ value: 'spotify', domain: '127.0.0.1', httpOnly: true, sameSite: 'Lax' });

    // Another smartlink of the client: straight to Spotify, its view and click both stored.
    const third = await visitor.newPage();
    await third.goto(`${e2e.origin}/${other.slug}`, { waitUntil: 'domcontentloaded' });
    expect(third.url()).toBe('https://open.spotify.com/track/y');
    const events = await eventsOf(e2e.server, other.id);
    expect(events.map((e) => `${e.type}:${e.service ?? ''}`).sort()).toEqual(['click:spotify', 'view:']);

    // The way back: ?choose shows the page, with the service remembered and a button that forgets it.
    const choose = await visitor.newPage();
    await choose.goto(`${e2e.origin}/${other.slug}?choose`, { waitUntil: 'domcontentloaded' });
    expect(await choose.textContent('form.remember')).toContain('Spotify is remembered on this device.');
    await Promise.all([choose.waitForURL(new RegExp(`/privacy/${other.slug}/forget-service$`)), choose.click('form.remember button')]);
    expect(await choose.textContent('body')).toContain('Done: your preferred service is forgotten on this device.');
    expect((await visitor.context.cookies()).some((c) => c.name === cookieName)).toBe(false);
    const after = await visitor.newPage();
    await after.goto(`${e2e.origin}/${other.slug}`, { waitUntil: 'domcontentloaded' });
    expect(after.url()).toBe(`${e2e.origin}/${other.slug}`); // the page again, no skip
  });
});
