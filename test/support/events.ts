// Reading stored events back in tests.
import type { Context } from '../../src/context.js';
import type { EventRow } from '../../src/db/schema.js';

export async function storedEvents(ctx: Context): Promise<EventRow[]> {
  return ctx.database.db.selectFrom('events').selectAll().orderBy('ts').orderBy('event_id').execute();
}

export const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
