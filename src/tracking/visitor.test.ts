import { describe, expect, it } from 'vitest';
import { dayOfId, visitorIds } from './visitor.js';

const at = (iso: string) => Date.parse(iso);

describe('visitor and session ids', () => {
  it('are 32 hex digits that start with their UTC day, for both ids', () => {
    const ids = visitorIds('salt', at('2026-11-24T23:59:59.999Z'), 'client', 'link', '81.2.69.142', 'UA');
    for (const id of [ids.visitor_id, ids.session_id]) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(dayOfId(id)).toEqual({ start: at('2026-11-24T00:00:00Z'), end: at('2026-11-25T00:00:00Z') });
    }
  });

  it('differ by client, address, user agent and smartlink (the session), not by the time of day', () => {
    const base = visitorIds('salt', at('2026-11-24T08:00:00Z'), 'client', 'link', '81.2.69.142', 'UA');
    expect(visitorIds('salt', at('2026-11-24T20:00:00Z'), 'client', 'link', '81.2.69.142', 'UA')).toEqual(base);
    expect(visitorIds('salt', at('2026-11-24T08:00:00Z'), 'client', 'other-link', '81.2.69.142', 'UA')).toMatchObject({ visitor_id: base.visitor_id });
    expect(visitorIds('salt', at('2026-11-24T08:00:00Z'), 'client', 'other-link', '81.2.69.142', 'UA').session_id).not.toBe(base.session_id);
    for (const other of [visitorIds('salt', at('2026-11-24T08:00:00Z'), 'other', 'link', '81.2.69.142', 'UA'), visitorIds('salt', at('2026-11-24T08:00:00Z'), 'client', 'link', '81.2.69.143', 'UA'), visitorIds('salt', at('2026-11-24T08:00:00Z'), 'client', 'link', '81.2.69.142', 'UA 2')]) {
      expect(other.visitor_id).not.toBe(base.visitor_id);
    }
  });

  it('are the same for the same inputs from one release to the next (a day’s uniques must not split at a deploy)', () => {
    // day 0x512d (2026-11-24), then SHA-256 of the NUL-joined parts: salt, client, IP, UA; then salt, visitor id, smartlink.
    expect(visitorIds('salt', at('2026-11-24T08:00:00Z'), 'client', 'link', '81.2.69.142', 'UA')).toEqual({
      visitor_id: '512d1c6cd89a8076ed475834222c69df',
      session_id: '512ddaca2b6e87f2c5d4937b72d2e67f',
    });
  });

  it('reads no day from what is not such an id', () => {
    for (const id of ['', 'x', 'ABCDEF0123456789abcdef0123456789', '0123456789abcdef0123456789abcdef0']) expect(dayOfId(id)).toBeNull();
  });
});
