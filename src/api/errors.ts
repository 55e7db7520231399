// API errors: always `{ error, message, details? }` with the status that fits. Domain rule
// violations are 400 with the rule in the message; what the scope does not show is 404.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidSmartlink } from '../links/smartlink.js';
import { InvalidClient } from '../tenants/client.js';
import { InvalidTag } from '../tenants/tags.js';

const STATUS_NAMES: Readonly<Record<number, string>> = { 413: 'too_large', 415: 'unsupported_media_type', 429: 'rate_limited' };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** What Fastify and the app-wide error handler read, for the routes outside /api/v1. */
  get statusCode(): number {
    return this.status;
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

export function apiErrorHandler(err: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, error: string, message: string, details?: unknown) =>
    reply.code(status).send(details === undefined ? { error, message } : { error, message, details });
  if (err instanceof ApiError) return send(err.status, err.error, err.message, err.details);
  if (err instanceof InvalidSmartlink || err instanceof InvalidClient || err instanceof InvalidTag) {
    // A rule that knows its field says which, in the shape of a validation item, so a form can mark it.
    const field = (err as { readonly field?: string }).field;
    return send(400, 'invalid', err.message, field ? [{ instancePath: `/${field.replaceAll('.', '/')}`, message: err.message }] : undefined);
  }
  // A unique index caught what the route's own check missed (two requests at once): a conflict.
  const dbCode = (err as { code?: string }).code;
  if (dbCode === 'SQLITE_CONSTRAINT_UNIQUE' || dbCode === 'SQLITE_CONSTRAINT_PRIMARYKEY' || dbCode === '23505') {
    return send(409, 'conflict', 'this conflicts with something that already exists (a slug, a domain, an email…)');
  }
  const fastifyError = err as FastifyError;
  if (fastifyError.validation) {
    // Ajv's message names no field for an unknown one: say which.
    const unknown = fastifyError.validation.find((v) => v.keyword === 'additionalProperties')?.params.additionalProperty;
    return send(400, 'validation_failed', unknown ? `${err.message}: "${String(unknown)}"` : err.message, fastifyError.validation);
  }
  const status = fastifyError.statusCode;
  if (status && status < 500) return send(status, STATUS_NAMES[status] ?? 'bad_request', err.message);
  request.log.error({ err: { message: err.message, code: fastifyError.code }, url: request.url }, 'API request failed');
  return send(500, 'internal', 'Something went wrong; the error is logged.');
}
