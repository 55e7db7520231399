import { describe, expect, it } from 'vitest';
import { clickVia } from './attribution.js';

const VIEW_ID = '01a20d03-cddc-70e1-acb2-7a8dd66bc268';

describe('clickVia: how a click came', () => {
  it.each([
    { name: 'a tap of the page script (token and tap number), whatever the Referer', viewId: VIEW_ID, tap: 0, referrer: '', expected: { viewId: VIEW_ID } },
    { name: 'a plain link followed from the page (token, Referer is the page)', viewId: VIEW_ID, tap: null, referrer: 'https://links.test/demo', expected: { viewId: VIEW_ID } },
    { name: 'a plain link from the page with its query (same-origin Referer)', viewId: VIEW_ID, tap: null, referrer: 'https://links.test/demo?utm_campaign=x', expected: { viewId: VIEW_ID } },
    { name: 'a plain link from the page, host and slug in other case', viewId: VIEW_ID, tap: null, referrer: 'https://LINKS.test./Demo', expected: { viewId: VIEW_ID } },
    { name: 'a service link copied and shared on Instagram (token, foreign Referer)', viewId: VIEW_ID, tap: null, referrer: 'https://www.instagram.com/', expected: null },
    { name: 'a service link bookmarked (token, no Referer)', viewId: VIEW_ID, tap: null, referrer: '', expected: null },
    { name: 'a token with a Referer from another page of this host', viewId: VIEW_ID, tap: null, referrer: 'https://links.test/other', expected: null },
    { name: 'a token with the same path on another host', viewId: VIEW_ID, tap: null, referrer: 'https://evil.test/demo', expected: null },
    { name: 'a token with a Referer that is not a URL', viewId: VIEW_ID, tap: null, referrer: 'not a url', expected: null },
    { name: 'a deep link without a token, even from the page', viewId: null, tap: null, referrer: 'https://links.test/demo', expected: null },
    { name: 'an invalid or expired token with a tap number', viewId: null, tap: 0, referrer: 'https://links.test/demo', expected: null },
  ])('$name', ({ viewId, tap, referrer, expected }) => {
    expect(clickVia(viewId, tap, { referrer, host: 'links.test' }, 'demo')).toEqual(expected);
  });
});
