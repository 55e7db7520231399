// GET /_bench/bare?bytes=N (BENCH_ROUTES=1), the baseline of `npm run bench`: N bytes of HTML with
// no lookup and no tracking. The bench asks for the size of the landing page it measures, so that
// the ratio of a tracked route to this one is the cost of the tracking, not of the bytes.
import type { FastifyInstance } from 'fastify';

const MAX_BYTES = 1 << 20;
const FILLER = '<p>baseline</p>';

export async function benchRoutes(app: FastifyInstance): Promise<void> {
  let page = ''; // the last size asked for: the bench asks for one, so the route only sends
  app.get<{ Querystring: { bytes?: string } }>('/_bench/bare', async (request, reply) => {
    const size = Math.min(Math.max(Math.trunc(Number(request.query.bytes)) || 0, 0), MAX_BYTES);
    if (page.length !== size) page = `<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body>${FILLER.repeat(Math.ceil(size / FILLER.length))}`.slice(0, size);
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
