// UTM campaign tags from the query string, cleaned for storage and display: trimmed, control and
// bidi-override characters removed, at most 200 characters, empty → null. Keys are read exactly
// ("utm_source") first, then case-insensitively ("UTM_Source") as some ad tools write them.
import type { Enrichment } from '../event.js';

type UtmFields = Pick<Enrichment, 'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_term' | 'utm_content'>;

const MAX_LENGTH = 200;

/** C0/C1 controls, and the bidi embeddings/overrides/isolates that can disguise text in a dashboard. */
const UNWANTED = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

export function readUtm(query: Readonly<Record<string, string>>): UtmFields {
  return {
    utm_source: clean(valueOf(query, 'utm_source')),
    utm_medium: clean(valueOf(query, 'utm_medium')),
    utm_campaign: clean(valueOf(query, 'utm_campaign')),
    utm_term: clean(valueOf(query, 'utm_term')),
    utm_content: clean(valueOf(query, 'utm_content')),
  };
}

function valueOf(query: Readonly<Record<string, string>>, key: keyof UtmFields): unknown {
  if (Object.hasOwn(query, key)) return query[key];
  const found = Object.keys(query).find((name) => name.toLowerCase() === key);
  return found === undefined ? undefined : query[found];
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(UNWANTED, '').trim();
  if (cleaned === '') return null;
  // Cut on code points so a surrogate pair is never split.
  const codePoints = Array.from(cleaned);
  return codePoints.length <= MAX_LENGTH ? cleaned : codePoints.slice(0, MAX_LENGTH).join('').trimEnd();
}
