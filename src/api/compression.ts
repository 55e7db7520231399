// Compression of the API's answers (/api/v1, the OpenAPI document, the docs page): brotli (quality
// 4, the plugin's default for answers made per request) or gzip, as the request's Accept-Encoding
// allows, for answers of 1 KB or more; smaller ones, and requests without Accept-Encoding, get
// plain bytes. Streamed exports (CSV, NDJSON) are compressed as they stream. Registered inside the
// API plugin only: the smartlink pages, the beacon and the web app (precompressed at build time,
// src/webapp/) never pass through it. Compressed request bodies are not accepted: decompressing
// them would let a small upload expand past the body limits.
import compress, { type FastifyCompressOptions } from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Below this many bytes, compressing saves less than it costs. */
export const API_COMPRESSION_THRESHOLD = 1024;

const OPTIONS: FastifyCompressOptions = {
  encodings: ['br', 'gzip'],
  threshold: API_COMPRESSION_THRESHOLD,
  globalDecompression: false,
  // The plugin's default text, JSON and XML types, plus the NDJSON export.
  customTypes: /^text\/(?!event-stream)|[+/](?:x-nd)?json(?:;|$)|[+/]xml(?:;|$)/u,
};

/** Compresses every route registered after it in the calling (encapsulated) context. */
export async function registerApiCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, OPTIONS);
}
