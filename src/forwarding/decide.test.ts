import { describe, expect, it } from 'vitest';
import { decide, type EventState } from './decide.js';
import type { ForwardPayload } from './payload.js';
import type { Platform } from './settings.js';

const PAYLOAD: ForwardPayload = {
  eventId: 'e1', type: 'view', service: null, ts: 0, smartlinkId: 's', pixelId: 'p', url: 'https://x/y', referrer: null, userAgent: 'ua',
  country: 'US', region: null, city: null, consentRegion: false, storedChoice: null, artistName: 'a', trackTitle: 't', sessionId: null,
};
const HUMAN: EventState = { excludedReason: null, optOut: null, consent: null, ga4Tag: null };

describe('what a due delivery sends', () => {
  it.each<[string, Platform, Partial<ForwardPayload>, EventState | undefined, 'forward' | 'skip', string | null]>([
    ['outside consent regions, no confirmation', 'meta', {}, HUMAN, 'forward', null],
    ['outside consent regions, the client forwards only with consent', 'tiktok', {}, HUMAN, 'skip', 'outside consent regions, and this client forwards only with consent'],
    ['erased since', 'meta', {}, undefined, 'forward', 'event no longer stored (erased or purged)'],
    ['opted out', 'meta', {}, { ...HUMAN, optOut: 'gpc' }, 'forward', 'the fan opted out'],
    ['a prefetch never shown', 'tiktok', {}, { ...HUMAN, excludedReason: 'prefetch' }, 'forward', 'not human traffic (prefetch)'],
    ['consent region, Accept in the confirmation', 'meta', { consentRegion: true }, { ...HUMAN, consent: 'granted' }, 'skip', null],
    ['consent region, Refuse in the confirmation', 'meta', { consentRegion: true }, { ...HUMAN, consent: 'denied' }, 'forward', 'no consent (denied)'],
    ['consent region, no choice yet', 'ga4', { consentRegion: true }, { ...HUMAN, consent: 'pending' }, 'forward', 'no consent (pending)'],
    ['consent region, no confirmation, a stored Accept', 'tiktok', { consentRegion: true, storedChoice: 'granted' }, HUMAN, 'forward', null],
    ['consent region, no confirmation, nothing stored', 'tiktok', { consentRegion: true }, HUMAN, 'forward', 'no consent (no answer)'],
    ['consent region, the confirmation overrides a stored Accept', 'meta', { consentRegion: true, storedChoice: 'granted' }, { ...HUMAN, consent: 'denied' }, 'forward', 'no consent (denied)'],
    ['GA4 loaded in the browser', 'ga4', {}, { ...HUMAN, ga4Tag: 'loaded', consent: 'not_required' }, 'forward', 'the browser delivered it to GA4'],
    ['GA4 blocked in the browser', 'ga4', {}, { ...HUMAN, ga4Tag: 'blocked', consent: 'not_required' }, 'forward', null],
    ['Meta although the pixel loaded (Meta deduplicates)', 'meta', {}, { ...HUMAN, ga4Tag: 'loaded' }, 'forward', null],
  ])('%s', (_name, platform, payload, state, policy, reason) => {
    const decision = decide(platform, { ...PAYLOAD, ...payload }, state, policy);
    expect(decision.send ? null : decision.reason).toBe(reason);
  });
});
