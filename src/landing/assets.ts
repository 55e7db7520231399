// Static files of the public pages, kept in code: /robots.txt and the demo artwork.
import type { FastifyInstance } from 'fastify';

/** The demo's artwork, drawn here; the demo smartlink shows Duotrack's raster copy of it (src/tenants/demo.ts). */
export const DEMO_COVER = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 320"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff5f6d"/><stop offset="1" stop-color="#3a1c71"/></linearGradient></defs><rect width="320" height="320" fill="url(#g)"/><circle cx="160" cy="160" r="92" fill="#111" opacity=".85"/><circle cx="160" cy="160" r="30" fill="#ffc371"/><circle cx="160" cy="160" r="6" fill="#111"/><text x="160" y="292" font-family="system-ui,sans-serif" font-size="22" font-weight="700" fill="#fff" text-anchor="middle">DUOTRACK DEMO</text></svg>`;

const FILES: Readonly<Record<string, { type: string; body: string }>> = {
  'demo-cover.svg': { type: 'image/svg+xml', body: DEMO_COVER },
};

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  app.get('/robots.txt', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('User-agent: *\nAllow: /\n'));
  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const file = FILES[request.params.file];
    if (!file) return reply.callNotFound();
    return reply.type(file.type).header('cache-control', 'public, max-age=86400').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(file.body);
  });
}
