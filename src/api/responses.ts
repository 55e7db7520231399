// How routes describe what they answer, for the serializer and the OpenAPI document: references to
// the named schemas (src/api/components.ts), success responses with their description, and the
// standard error responses — every one an `Error` — added by withErrors() instead of being pasted.

/** A named schema: its `$id` is its name under components.schemas. */
export interface Named {
  readonly $id: string;
}

/** A reference to a named schema (Fastify's shared schemas: `Client#`). */
export const ref = (schema: Named) => ({ $ref: `${schema.$id}#` }) as const;

/** A JSON answer: the named schema, described. */
export const ok = (schema: Named, description: string) => ({ ...ref(schema), description }) as const;

/** An answer without a body (204). */
export const noContent = (description: string) => ({ type: 'null', description }) as const;

/** An answer in another format than JSON (a CSV or NDJSON file, Prometheus' text): each media type and what it holds. */
export const file = (description: string, formats: Readonly<Record<string, string>>) =>
  ({ description, content: Object.fromEntries(Object.entries(formats).map(([type, format]) => [type, { schema: { type: 'string', description: format } }])) }) as const;

/** Every error: `{ error, message, details? }` (src/api/errors.ts, and the app-wide handler outside /api/v1). */
export const ERROR = {
  $id: 'Error',
  type: 'object',
  description: 'What went wrong: a stable code for programs and a sentence for people',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'A stable code: validation_failed, invalid, bad_request, unauthorized, invalid_credentials, forbidden, read_only, csrf, not_found, conflict, too_large, unsupported_media_type, not_verified, rate_limited, quota_exceeded…' },
    message: { type: 'string', description: 'What to change, in a sentence' },
    details: { description: "More about it when there is more: the failed validation rules (validation_failed), the refused rows of an import (invalid_rows)" },
  },
  examples: [{ error: 'validation_failed', message: 'body must NOT have additional properties: "colour"' }],
} as const;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502;

const MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'Invalid request: a parameter or body field fails validation (validation_failed, with details), a NUL byte, or a rule of the domain (invalid, bad_request)',
  401: 'No valid credential: no API key or session, an unknown or revoked key, an expired session',
  403: 'Not allowed: a read-only key or viewer writing, a session write without its X-CSRF-Token, or an action reserved to another role',
  404: 'Not found, or outside what the caller may see',
  409: 'Conflicts with what exists (a slug, a domain, an email…) or with the current state',
  413: 'The body is too large',
  415: "The body's Content-Type is not accepted",
  422: 'Understood, but the state does not allow it yet',
  429: 'Too many requests: try again later',
  502: 'The outside services this request depends on could not answer (each one named, with why)',
};

/** Every /api/v1 route: a bad parameter (or a NUL byte anywhere), a missing or bad credential. */
export const READ = [400, 401] as const satisfies readonly ErrorStatus[];
/** A write: also a read-only key or viewer, or a session without its CSRF token. */
export const WRITE = [400, 401, 403] as const satisfies readonly ErrorStatus[];
/** A write with a JSON body: also a body over the limit or of another type. */
export const WRITE_BODY = [400, 401, 403, 413, 415] as const satisfies readonly ErrorStatus[];

const RETRY_AFTER = { 'retry-after': { type: 'integer', description: 'Seconds to wait before trying again, when the limit says' } } as const;

/**
 * A route's `response`: its success answers and an `Error` for each status it may give, with the
 * standard meaning unless `meanings` says more precisely what it means on this route.
 */
export function withErrors<T extends object>(success: T, statuses: readonly ErrorStatus[], meanings: Partial<Record<ErrorStatus, string>> = {}) {
  const errors = Object.fromEntries(
    [...new Set(statuses)].map((status) => [status, { ...ref(ERROR), description: meanings[status] ?? MEANING[status], ...(status === 429 ? { headers: RETRY_AFTER } : {}) }]),
  );
  return { ...success, ...errors } as T & Record<ErrorStatus, ReturnType<typeof ref> & { description: string }>;
}
