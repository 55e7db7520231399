import { describe, expect, it } from 'vitest';
import { preferredCookieName } from './preferred-service.js';

describe('the preferred service cookie', () => {
  it('keeps its name from one release to the next (a fan’s remembered service must survive a deploy)', () => {
    expect(preferredCookieName('bf4f3fab-aeb6-4994-b271-cb10d3af99fb')).toBe('dt_pref_cbdbac4fb901');
  });
});
