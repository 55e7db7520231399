// A fan from Instagram's link shim with utm_campaign=release_week taps a service: in Chromium with
// JavaScript (the page script's tap) and without (the plain link, with its view token, followed
// from the page), the dashboards show 1 view, 1 click and 100 % click-through under that channel, referrer
// and campaign, and the CSV export says the same.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { VISITOR_IPS } from './support/browser.js';
import { useE2E, waitForDecoratedLinks } from './support/harness.js';
import { isClick, waitForEvents } from './support/server.js';

const INSTAGRAM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.40.92 (iPhone15,2; iOS 17_5; en_US; en; scale=3.00; 1179x2556; 601420827)';

describe('click attribution in Chromium', () => {
  const e2e = useE2E();
  let key: string;

  beforeAll(async () => {
    key = (await createApiKey(e2e.server.t.ctx.database.db, { clientId: null, name: 'e2e master' })).key;
  });

  const api = async (clientId: string, path: string) => {
    const res = await e2e.server.t.app.inject({ url: `/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}clientId=${clientId}`, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  for (const javaScriptEnabled of [true, false]) {
    it(`credits the tap to Instagram / release_week ${javaScriptEnabled ? 'with JavaScript (view token)' : 'without JavaScript (Referer)'}`, async () => {
      const link = await e2e.link();
      const visitor = await e2e.visitor({ ip: VISITOR_IPS.US, userAgent: INSTAGRAM_UA, javaScriptEnabled });
      const page = await visitor.newPage();
      await page.goto(`${e2e.origin}${link.path}?utm_campaign=release_week&utm_source=instagram`, { referer: 'https://l.instagram.com/', waitUntil: 'domcontentloaded' });
      if (javaScriptEnabled) await waitForDecoratedLinks(page);
      await page.click('a[data-service="spotify"]');
      await page.waitForURL(/^https:\/\/open\.spotify\.com\//, { waitUntil: 'domcontentloaded', timeout: 5_000 });

      const [click] = await waitForEvents(e2e.server, link.smartlink.id, 'the click', isClick);
      expect(click).toMatchObject({ channel: 'social', referrer_host: 'l.instagram.com', utm_campaign: 'release_week', utm_source: 'instagram', in_app: 'instagram', conversion_path: '["view","spotify"]' });
      const url = new URL(e2e.server.received.find((r) => r.url.startsWith(`${link.path}/spotify`))!.url, e2e.origin);
      expect(url.searchParams.get('v')).toBeTruthy(); // the page's link carries its view token…
      expect(url.searchParams.has('n')).toBe(javaScriptEnabled); // …and the page script adds the tap number

      for (const [dimension, value] of [['channel', 'social'], ['referrer', 'l.instagram.com'], ['utm_campaign', 'release_week']] as const) {
        const rows = (await api(link.client.id, `breakdown/${dimension}`)).json().rows as { value: string }[];
        expect(rows, `${dimension}`).toEqual([expect.objectContaining({ value, views: 1, clicks: 1, clickThroughRate: 1 })]);
      }
      const csv = (await api(link.client.id, 'export.csv?dimension=utm_campaign')).body.trim().split('\r\n');
      expect(csv).toHaveLength(2);
      expect(csv[1]).toMatch(new RegExp(`,${link.smartlink.slug},release_week,1,1,1,1,0$`));
    });
  }
});
