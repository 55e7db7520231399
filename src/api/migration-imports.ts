// POST /api/v1/migration/imports: legacy counts (SPEC §11), text/csv or JSON, read row by row as
// the body arrives (never held whole): refused past MAX_ROWS rows or MAX_IMPORT_BYTES bytes while
// it is read, one import at a time per client (a lease in the database, across app nodes), audited.
import { Stream, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../auth/principal.js';
import { recordAudit } from '../audit/audit-log.js';
import type { Context } from '../context.js';
import { importLeases } from '../migration/import-leases.js';
import { importLegacyCounts, InvalidImport, MAX_ROWS } from '../migration/legacy-import.js';
import { legacyRows, type LegacyFormat } from '../migration/legacy-rows.js';
import { ApiError, conflict, notFound } from './errors.js';
import { IMPORT_BODY, IMPORT_QUERY, IMPORT_RESULT } from './migration-schemas.js';
import { caller } from './plugin.js';
import { ok, withErrors, WRITE_BODY } from './responses.js';

/** An import's body, at most (200,000 rows with client ids, as JSON, take about 25 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

const FORMATS: Readonly<Record<string, LegacyFormat>> = { 'text/csv': 'csv', 'text/plain': 'csv', 'application/json': 'json' };

const tooLarge = () => new ApiError(413, 'too_large', `an import is at most ${MAX_IMPORT_BYTES} bytes (and ${MAX_ROWS} rows)`);

/** The body chunk by chunk; past `max` bytes, a 413. Stopping early leaves the request open for the answer. */
async function* bounded(body: Readable, max: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > max) throw tooLarge();
    yield chunk;
  }
}

/** An answer given before the body was read to its end closes the connection (the rest is not read). */
function closeUnlessRead(body: Readable | undefined, reply: FastifyReply): void {
  if (body && !body.readableEnded) reply.header('connection', 'close');
}

export function importRoutes({ database }: Pick<Context, 'database'>) {
  const leases = importLeases(database.db);

  return async function routes(app: FastifyInstance): Promise<void> {
    // The body reaches the handler unread: the import reads it row by row.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(Object.keys(FORMATS), (_request, payload, done) => done(null, payload));

    app.post<{ Querystring: { clientId?: string } }>(
      '/migration/imports',
      {
        // Described for the document only: a body schema would have Fastify validate the stream.
        config: { documentedBody: IMPORT_BODY },
        schema: {
          operationId: 'importLegacyCounts',
          tags: ['migration'],
          summary: `Import legacy counts: text/csv, or JSON (an array of rows, { rows }, or { csv }); all or nothing, a period re-imported is replaced. At most ${MAX_ROWS} rows and ${MAX_IMPORT_BYTES} bytes (413), one import at a time per client (409)`,
          querystring: IMPORT_QUERY,
          response: withErrors({ 200: ok(IMPORT_RESULT, 'Imported, all rows or none') }, [...WRITE_BODY, 404, 409], {
            400: 'Invalid rows (invalid_rows: details lists them, with their line), or an invalid parameter',
            409: 'An import for this client is already running',
            413: `Over ${MAX_IMPORT_BYTES} bytes or ${MAX_ROWS} rows`,
            415: `Not one of ${Object.keys(FORMATS).join(', ')}`,
          }),
        },
      },
      async (request, reply) => {
        // The content-type parser hands the body over unread; no body (or no Content-Type) leaves none.
        const body = request.body instanceof Stream ? (request.body as Readable) : undefined;
        try {
          if (!body) throw new ApiError(415, 'unsupported_media_type', `send the import as the request body, with Content-Type ${Object.keys(FORMATS).join(', ')}`);
          const { principal, scope } = caller(request);
          const clientId = request.query.clientId ?? scope.clientId;
          if (clientId !== null && !scope.sees(clientId)) throw notFound(`client ${clientId}`);
          if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) throw tooLarge();
          const release = await leases.take(clientId ?? '');
          if (!release) throw conflict(`an import ${clientId === null ? 'for the agency' : `for client ${clientId}`} is already running: try again when it has finished`);
          try {
            const format = FORMATS[(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''];
            return await importLegacyCounts(database, legacyRows(bounded(body, MAX_IMPORT_BYTES), format), {
              clientId,
              sees: scope.sees,
              onImported: (trx, summary) =>
                recordAudit(trx, { actor: actorOf(principal), clientId: summary.clients.length === 1 ? (summary.clients[0] as string) : null, action: 'migration.import', target: null, after: summary }),
            });
          } finally {
            await release();
          }
        } catch (err) {
          closeUnlessRead(body, reply);
          if (err instanceof InvalidImport) throw new ApiError(400, 'invalid_rows', err.message, err.problems);
          throw err;
        }
      },
    );
  };
}
