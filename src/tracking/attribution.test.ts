import { describe, expect, it } from 'vitest';
import { clickVia } from './attribution.js';

const VIEW_ID = '01a20d03-cddc-70e1-acb2-7a8dd66bc268';

describe('clickVia: how a click came', () => {
  it.each([
    { name: 'a tap with its view token, whatever the Referer', viewId: VIEW_ID, referrer: '', expected: { viewId: VIEW_ID } },
    { name: 'a plain link from the page', viewId: null, referrer: 'https://links.test/demo', expected: 'page_referrer' },
    { name: 'a plain link from the page with its query (same-origin Referer)', viewId: null, referrer: 'https://links.test/demo?utm_campaign=x', expected: 'page_referrer' },
    { name: 'a plain link from the page, host and slug in other case', viewId: null, referrer: 'https://LINKS.test/Demo', expected: 'page_referrer' },
    { name: 'a deep link shared on Instagram', viewId: null, referrer: 'https://www.instagram.com/', expected: null },
    { name: 'a link from another page of this host', viewId: null, referrer: 'https://links.test/other', expected: null },
    { name: 'the same path on another host', viewId: null, referrer: 'https://evil.test/demo', expected: null },
    { name: 'no Referer', viewId: null, referrer: '', expected: null },
    { name: 'a Referer that is not a URL', viewId: null, referrer: 'not a url', expected: null },
  ])('$name', ({ viewId, referrer, expected }) => {
    expect(clickVia(viewId, { referrer, host: 'links.test' }, 'demo')).toEqual(expected);
  });
});
