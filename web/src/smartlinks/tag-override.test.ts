import { describe, expect, it } from 'vitest';
import { overrideBodyOf, overrideDraftOf } from './tag-override';

describe('a smartlink’s tag override as form state', () => {
  it.each([
    { name: 'none: the client’s tags', stored: null },
    { name: 'an own GA4 id and no Meta Pixel', stored: { ga4: 'G-CAMPAIGN1', facebook: null } },
    { name: 'every tag off', stored: { disabled: true } },
    { name: 'own ids for all four', stored: { gtm: 'GTM-ABC1234', ga4: 'G-ABCDE12345', facebook: '123456789012345', tiktok: 'CABCDEFGHIJ1234567890' } },
  ])('round-trips $name', ({ stored }) => {
    expect(overrideBodyOf(overrideDraftOf(stored))).toEqual(stored);
  });

  it('reads a stored override per tag', () => {
    const draft = overrideDraftOf({ ga4: 'G-CAMPAIGN1', tiktok: null });
    expect(draft.tags).toEqual({ gtm: { mode: 'client', id: '' }, ga4: { mode: 'own', id: 'G-CAMPAIGN1' }, facebook: { mode: 'client', id: '' }, tiktok: { mode: 'off', id: '' } });
    expect(draft.disabled).toBe(false);
  });

  it('trims an own id, and forgets one typed then switched back to the client’s', () => {
    const draft = overrideDraftOf(null);
    expect(overrideBodyOf({ ...draft, tags: { ...draft.tags, gtm: { mode: 'own', id: ' GTM-NEW1234 ' } } })).toEqual({ gtm: 'GTM-NEW1234' });
    expect(overrideBodyOf({ ...draft, tags: { ...draft.tags, gtm: { mode: 'client', id: 'GTM-NEW1234' } } })).toBeNull();
  });
});
