// What staff may ask to erase, checked against the real shape of Duotrack's ids before anything is
// looked up, by the API and the CLI alike:
//   visitor, session  32 hex digits: the UTC day (4) and a hash (28) (src/tracking/visitor.ts); the
//                     visitor id is the reference a fan reads on the privacy page;
//   event             a UUIDv7 (src/tracking/pipeline.ts; a click's id is derived from its view's
//                     and keeps its version and variant: src/tracking/view-token.ts).
// Letters are taken in either case and surrounding spaces dropped (a reference pasted from an
// e-mail); anything else is refused with a message naming the field and the expected shape.
import type { ErasureTarget } from './erasure.js';
import { dayOfId } from '../tracking/visitor.js';

export type ErasureField = 'visitorId' | 'sessionId' | 'eventId';

export class InvalidErasureTarget extends Error {
  constructor(
    message: string,
    /** The field at fault, or null when the request names none or several. */
    readonly field: ErasureField | null,
  ) {
    super(message);
  }
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const SHAPES: Readonly<Record<ErasureField, { readonly noun: string; readonly valid: (id: string) => boolean; readonly expected: string }>> = {
  visitorId: { noun: 'a visitor id', valid: (id) => dayOfId(id) !== null, expected: '32 hexadecimal digits, the reference shown on the fan privacy page' },
  sessionId: { noun: 'a session id', valid: (id) => dayOfId(id) !== null, expected: '32 hexadecimal digits' },
  eventId: { noun: 'an event id', valid: (id) => UUID_V7.test(id), expected: 'a UUID version 7, such as 019af3c2-5e1b-7c3d-8f00-1a2b3c4d5e6f' },
};

const FIELDS = Object.keys(SHAPES) as ErasureField[];

/** The one target named by `input` (exactly one of its ids), normalized; else InvalidErasureTarget. */
export function parseErasureTarget(input: Partial<Record<ErasureField, string>>): ErasureTarget {
  const named = FIELDS.filter((f) => input[f] !== undefined);
  if (named.length !== 1) throw new InvalidErasureTarget('name exactly one of a visitor id, a session id or an event id', null);
  const field = named[0] as ErasureField;
  const id = (input[field] as string).trim().toLowerCase();
  const shape = SHAPES[field];
  if (!shape.valid(id)) throw new InvalidErasureTarget(`"${(input[field] as string).slice(0, 100)}" is not ${shape.noun} (expected ${shape.expected})`, field);
  return { [field]: id } as ErasureTarget;
}
