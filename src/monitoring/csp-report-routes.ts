// POST /csp-report?c=<client id>.<signature>: where smartlink pages' CSP sends its violation
// reports (report-uri: application/csp-report; Reporting API: application/reports+json). The
// signature names the client (csp-report-url.ts); the body gives the blocked hosts, counted in
// csp-reports.ts. Bounded (CSP_REPORT_BODY_LIMIT, CSP_REPORTS_PER_MINUTE per address, counted in
// memory and never stored); answers 204 whatever the body reported.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { CSP_BUCKET_MS, blockedHostsOf, forgetOldCspReports, recordBlockedHosts } from './csp-reports.js';
import { CSP_REPORT_PATH, createCspReportUrls } from './csp-report-url.js';

export const CSP_REPORT_BODY_LIMIT = 16 * 1024;

/** Report requests per address and minute (on each node): a page with several blocked tags sends one per violation. */
export const CSP_REPORTS_PER_MINUTE = 120;

const REPORT_TYPES = ['application/csp-report', 'application/reports+json'];

export function cspReportRoutes({ database, config }: Pick<Context, 'database' | 'config'>) {
  const urls = createCspReportUrls(config.secret);
  let prunedBucket = 0; // old counts are deleted at most once per ten minutes per node
  return async function routes(app: FastifyInstance): Promise<void> {
    await app.register(rateLimit, { global: false });
    app.addContentTypeParser(REPORT_TYPES, { parseAs: 'string', bodyLimit: CSP_REPORT_BODY_LIMIT }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('the report is not JSON'), { statusCode: 400 }));
      }
    });
    app.post<{ Querystring: { c: string }; Body: unknown }>(
      CSP_REPORT_PATH,
      {
        schema: { querystring: { type: 'object', required: ['c'], properties: { c: { type: 'string', maxLength: 100 } } } },
        bodyLimit: CSP_REPORT_BODY_LIMIT,
        config: { rateLimit: { max: CSP_REPORTS_PER_MINUTE, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const clientId = urls.verify(request.query.c);
        if (!clientId) return reply.code(403).send({ error: 'forbidden', message: 'not a report address Duotrack issued' });
        const now = Date.now();
        await recordBlockedHosts(database.db, clientId, blockedHostsOf(request.body), now);
        const bucket = Math.floor(now / CSP_BUCKET_MS);
        if (bucket !== prunedBucket) {
          prunedBucket = bucket;
          await forgetOldCspReports(database.db, now);
        }
        return reply.code(204).send();
      },
    );
  };
}
