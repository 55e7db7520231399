// Slugs and titles of smartlinks named in a report's rows.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface SmartlinkName {
  readonly slug: string;
  readonly artistName: string;
  readonly trackTitle: string;
}

export async function smartlinkNames(db: Kysely<Schema>, ids: readonly string[]): Promise<Map<string, SmartlinkName>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('smartlinks').select(['id', 'slug', 'artist_name', 'track_title']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, { slug: r.slug, artistName: r.artist_name, trackTitle: r.track_title }]));
}

export function smartlinkLabel(name: SmartlinkName | undefined, id: string): string {
  return name ? `${name.artistName} – ${name.trackTitle}` : `(deleted ${id.slice(0, 8)})`;
}
