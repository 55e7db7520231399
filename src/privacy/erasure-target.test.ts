import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { clickIdFor } from '../tracking/view-token.js';
import { visitorIds } from '../tracking/visitor.js';
import { InvalidErasureTarget, parseErasureTarget } from './erasure-target.js';

const ids = visitorIds('salt', Date.UTC(2026, 11, 7, 12), 'client', 'link', '81.2.69.1', 'UA');
const view = uuidv7();

describe('parseErasureTarget', () => {
  it.each([
    ['a visitor id as the tracker makes it', { visitorId: ids.visitor_id }, { visitorId: ids.visitor_id }],
    ['a session id', { sessionId: ids.session_id }, { sessionId: ids.session_id }],
    ['a view id (UUIDv7)', { eventId: view }, { eventId: view }],
    ['a click id derived from its view', { eventId: clickIdFor(view, 'spotify', 2) }, { eventId: clickIdFor(view, 'spotify', 2) }],
    ['a visitor id pasted in capitals with spaces', { visitorId: ` ${ids.visitor_id.toUpperCase()} ` }, { visitorId: ids.visitor_id }],
  ] as const)('accepts %s', (_name, input, expected) => {
    expect(parseErasureTarget(input)).toEqual(expected);
  });

  it.each([
    ['a short hex visitor id', { visitorId: '0000deadbeef' }, 'visitorId', '"0000deadbeef" is not a visitor id (expected 32 hexadecimal digits'],
    ['a visitor id with a non-hex digit', { visitorId: `${ids.visitor_id.slice(0, 31)}g` }, 'visitorId', 'is not a visitor id'],
    ['a session id one digit too long', { sessionId: `${ids.session_id}0` }, 'sessionId', 'is not a session id'],
    ['an empty visitor id', { visitorId: '' }, 'visitorId', '"" is not a visitor id'],
    ['a UUID version 4 as event id', { eventId: '3b241101-e2bb-4255-8caf-4136c566a962' }, 'eventId', 'is not an event id'],
    ['a UUIDv7 with a wrong variant', { eventId: `${view.slice(0, 19)}0${view.slice(20)}` }, 'eventId', 'is not an event id'],
    ['a visitor id as event id', { eventId: ids.visitor_id }, 'eventId', 'expected a UUID version 7'],
  ] as const)('refuses %s, naming the field', (_name, input, field, message) => {
    const attempt = () => parseErasureTarget(input);
    expect(attempt).toThrow(InvalidErasureTarget);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (err) {
      expect((err as InvalidErasureTarget).field).toBe(field);
    }
  });

  it.each([
    ['no id', {}],
    ['two ids', { visitorId: ids.visitor_id, eventId: view }],
  ])('refuses %s', (_name, input) => {
    expect(() => parseErasureTarget(input)).toThrow('name exactly one of a visitor id, a session id or an event id');
  });
});
