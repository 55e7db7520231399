// The consent banner in a real browser: who sees it, what each choice tells the tags, that the
// choice is remembered, its languages and its keyboard operation.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { VISITOR_IPS, type Visitor } from './support/browser.js';
import { useE2E, waitForStubs } from './support/harness.js';
import { gtagCalls, readTagState, TAG_NAMES, type DataLayerEntry } from './support/tag-stubs.js';

const DENIED = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
const GRANTED = { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' };
const THIRTEEN_MONTHS_S = 13 * 31 * 86_400;

const banner = (page: Page) => page.locator('#dt-consent');
const button = (page: Page, choice: 'granted' | 'denied') => page.locator(`#dt-consent [data-consent="${choice}"]`);

async function consentCookie(visitor: Visitor) {
  return (await visitor.context.cookies()).find((c) => c.name === 'dt_consent');
}

const consentUpdates = (dl: readonly DataLayerEntry[]) => gtagCalls(dl).filter((c) => c[0] === 'consent' && c[1] === 'update');

describe('the consent banner in Chromium', () => {
  const e2e = useE2E();

  it('is shown to an EEA visitor as a named dialog with two buttons, in English', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.FR, acceptLanguage: 'en-GB,en;q=0.9' });
    const { page } = await e2e.visit(visitor, link.path);
    await banner(page).waitFor({ state: 'visible', timeout: 5_000 });
    const dialog = page.getByRole('dialog');
    expect(await dialog.count()).toBe(1);
    expect(await dialog.getAttribute('id')).toBe('dt-consent');
    const name = await dialog.evaluate((el) => {
      const label = el.getAttribute('aria-label');
      if (label) return label;
      const ids = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
      return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    });
    expect(name.length).toBeGreaterThan(0);
    expect(await page.getByRole('dialog', { name }).count()).toBe(1);
    expect(await button(page, 'granted').isVisible()).toBe(true);
    expect(await button(page, 'denied').isVisible()).toBe(true);
    expect((await button(page, 'granted').textContent())?.trim()).toMatch(/^(accept|accept all|allow|agree|ok)$/i);
    expect((await button(page, 'denied').textContent())?.trim()).toMatch(/^(refuse|reject|reject all|decline|deny)$/i);
    expect(await consentCookie(visitor)).toBeUndefined();
  });

  it('is absent for a US visitor, whose dataLayer has no consent entry', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.US });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES); // the page script has run
    expect(await banner(page).isVisible()).toBe(false);
    const dl = (await readTagState(page)).dataLayer!;
    expect(gtagCalls(dl).filter((c) => c[0] === 'consent')).toEqual([]);
  });

  it('follows the client’s consent regions: none for a client with consentRegions [], one for a US visitor with ["US"]', async () => {
    const none = await e2e.link({ client: { consentRegions: [] } });
    const eea = await e2e.visitor({ ip: VISITOR_IPS.FR });
    const a = await e2e.visit(eea, none.path);
    await waitForStubs(a.page, TAG_NAMES);
    expect(await banner(a.page).isVisible()).toBe(false);
    expect(gtagCalls((await readTagState(a.page)).dataLayer!).filter((c) => c[0] === 'consent')).toEqual([]);

    const us = await e2e.link({ client: { consentRegions: ['US'] } });
    const american = await e2e.visitor({ ip: VISITOR_IPS.US });
    const b = await e2e.visit(american, us.path);
    await banner(b.page).waitFor({ state: 'visible', timeout: 5_000 });
    await waitForStubs(b.page, TAG_NAMES);
    expect((await readTagState(b.page)).dataLayer![0]).toEqual({ kind: 'gtag', args: ['consent', 'default', { ...DENIED, wait_for_update: 500 }] });
  });

  /** An EEA visitor answers the banner: the cookie set, the page's tag state, and the next page's (no banner there). */
  async function choose(choice: 'granted' | 'denied', ip: string) {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES);
    await banner(page).waitFor({ state: 'visible', timeout: 5_000 });
    await button(page, choice).click();
    await banner(page).waitFor({ state: 'hidden', timeout: 2_000 });
    const cookie = await consentCookie(visitor);
    expect(cookie?.value).toBe(choice);
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(cookie!.expires - Date.now() / 1000).toBeLessThanOrEqual(THIRTEEN_MONTHS_S);
    const state = await readTagState(page);
    const next = await e2e.visit(visitor, link.path);
    await waitForStubs(next.page, TAG_NAMES);
    expect(await banner(next.page).isVisible()).toBe(false);
    return { state, again: await readTagState(next.page) };
  }

  it('Accept grants everywhere (dataLayer, Meta, TikTok), sets dt_consent=granted ≤ 13 months, and is applied on the next page', async () => {
    const { state, again } = await choose('granted', VISITOR_IPS.GB);
    expect(consentUpdates(state.dataLayer!)).toEqual([['consent', 'update', GRANTED]]);
    const fbq = state.stub.fbq;
    const grant = fbq.findIndex((c) => c[0] === 'consent' && c[1] === 'grant');
    expect(grant).toBeGreaterThan(fbq.findIndex((c) => c[0] === 'init'));
    expect(state.stub.ttq.map((c) => c[0])).toContain('grantConsent');

    // the next page: the stored choice right after the default, Meta granted before init
    expect(again.dataLayer!.slice(0, 2)).toEqual([
      { kind: 'gtag', args: ['consent', 'default', { ...DENIED, wait_for_update: 500 }] },
      { kind: 'gtag', args: ['consent', 'update', GRANTED] },
    ]);
    const fbq2 = again.stub.fbq;
    const grant2 = fbq2.findIndex((c) => c[0] === 'consent' && c[1] === 'grant');
    expect(grant2).toBeGreaterThanOrEqual(0);
    expect(grant2).toBeLessThan(fbq2.findIndex((c) => c[0] === 'init'));
    expect(fbq2.some((c) => c[0] === 'consent' && c[1] === 'revoke')).toBe(false);
    expect(again.stub.ttq.some((c) => c[0] === 'holdConsent' || c[0] === 'revokeConsent')).toBe(false);
  });

  it('Refuse denies everywhere (dataLayer, Meta, TikTok), sets dt_consent=denied, and is remembered without ever granting', async () => {
    const { state, again } = await choose('denied', VISITOR_IPS.FR);
    expect(consentUpdates(state.dataLayer!)).toEqual([['consent', 'update', DENIED]]);
    const fbq = state.stub.fbq;
    const init = fbq.findIndex((c) => c[0] === 'init');
    expect(fbq.slice(init + 1)).toContainEqual(['consent', 'revoke']); // the choice, after the default revoke
    expect(fbq.some((c) => c[0] === 'consent' && c[1] === 'grant')).toBe(false);
    expect(state.stub.ttq.map((c) => c[0])).toContain('revokeConsent');
    expect(state.stub.ttq.map((c) => c[0])).not.toContain('grantConsent');

    expect(again.dataLayer![0]).toEqual({ kind: 'gtag', args: ['consent', 'default', { ...DENIED, wait_for_update: 500 }] });
    expect(consentUpdates(again.dataLayer!).filter((c) => JSON.stringify(c[2]).includes('granted'))).toEqual([]);
    const fbq2 = again.stub.fbq;
    expect(fbq2.findIndex((c) => c[0] === 'consent' && c[1] === 'revoke')).toBeLessThan(fbq2.findIndex((c) => c[0] === 'init'));
    expect(fbq2.some((c) => c[0] === 'consent' && c[1] === 'grant')).toBe(false);
    expect(again.stub.ttq.map((c) => c[0])).not.toContain('grantConsent');
  });

  it('speaks French when Accept-Language prefers fr', async () => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.FR, acceptLanguage: 'fr-FR,fr;q=0.9,en;q=0.5' });
    const { page } = await e2e.visit(visitor, link.path);
    await banner(page).waitFor({ state: 'visible', timeout: 5_000 });
    expect((await button(page, 'granted').textContent())?.trim()).toBe('Accepter');
    expect((await button(page, 'denied').textContent())?.trim()).toBe('Refuser');
  });

  /** Presses Tab until the focused element is the banner's `choice` button; returns every data-consent focused on the way. */
  async function tabTo(page: Page, choice: 'granted' | 'denied'): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-consent') ?? null);
      if (focused) seen.push(focused);
      if (focused === choice) return seen;
    }
    throw new Error(`Tab never reached [data-consent="${choice}"] (focused on the way: ${JSON.stringify(seen)})`);
  }

  it.each([
    { name: 'both buttons are reached with Tab; Enter accepts', path: ['denied', 'granted'] as const, key: 'Enter', choice: 'granted', update: GRANTED },
    { name: 'Space refuses', path: ['denied'] as const, key: 'Space', choice: 'denied', update: DENIED },
  ])('is keyboard operable: $name', async ({ path, key, choice, update }) => {
    const link = await e2e.link();
    const visitor = await e2e.visitor({ ip: VISITOR_IPS.GB });
    const { page } = await e2e.visit(visitor, link.path);
    await waitForStubs(page, TAG_NAMES);
    await banner(page).waitFor({ state: 'visible', timeout: 5_000 });
    for (const button of path) await tabTo(page, button);
    await page.keyboard.press(key);
    await banner(page).waitFor({ state: 'hidden', timeout: 2_000 });
    expect((await consentCookie(visitor))?.value).toBe(choice);
    expect(consentUpdates((await readTagState(page)).dataLayer!)).toEqual([['consent', 'update', update]]);
  });
});
