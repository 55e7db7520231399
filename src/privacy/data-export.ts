// A client's raw events, every column, as CSV or NDJSON, streamed page by page (keyset on time and
// id, through the client/time index) so an export of millions of rows holds one page in memory.
import type { Kysely } from 'kysely';
import { csvField } from '../analytics/export.js';
import type { EventRow, Schema } from '../db/schema.js';
import { EVENT_COLUMNS } from '../events/columns.js';

export type ExportFormat = 'csv' | 'ndjson';

const PAGE = 2000;

export async function* exportEvents(db: Kysely<Schema>, clientIds: readonly string[], range: { start: number; end: number }, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield `${EVENT_COLUMNS.join(',')}\r\n`;
  let after: { ts: number; id: string } | null = null;
  for (;;) {
    const cursor: { ts: number; id: string } | null = after;
    const rows: Pick<EventRow, (typeof EVENT_COLUMNS)[number]>[] = await db
      .selectFrom('events')
      .select([...EVENT_COLUMNS])
      .where('client_id', 'in', clientIds.length > 0 ? [...clientIds] : [''])
      .where('ts', '>=', range.start)
      .where('ts', '<', range.end)
      .$if(cursor !== null, (qb) => qb.where((eb) => eb.or([eb('ts', '>', cursor!.ts), eb.and([eb('ts', '=', cursor!.ts), eb('event_id', '>', cursor!.id)])])))
      .orderBy('ts')
      .orderBy('event_id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    let chunk = '';
    for (const row of rows) {
      chunk += format === 'csv' ? `${EVENT_COLUMNS.map((c) => csvField(row[c] ?? '')).join(',')}\r\n` : `${JSON.stringify(row)}\n`;
    }
    yield chunk;
    const last = rows[rows.length - 1] as EventRow;
    after = { ts: Number(last.ts), id: last.event_id };
    if (rows.length < PAGE) return;
  }
}
