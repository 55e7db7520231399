// Request validation for the API. Query strings and path parameters arrive as text, so they are
// coerced ("50" → 50); JSON bodies are not: a wrong type or an unknown field is a 400 that says so,
// never a silent conversion or drop. The named schemas (Fastify's shared schemas: src/api/components.ts)
// are known to both validators, so that a route's `{ $ref: 'ClientInput#' }` resolves.
import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: false, useDefaults: true, strict: false };

/** The validator compiler of an app whose shared schemas are `shared` (`instance.getSchemas()`). */
export function apiValidatorCompiler(shared: Readonly<Record<string, unknown>>): FastifySchemaCompiler<object> {
  const forText = new Ajv({ ...common, coerceTypes: 'array' });
  const forBodies = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });
  for (const schema of Object.values(shared)) {
    forText.addSchema(schema as object);
    forBodies.addSchema(schema as object);
  }
  return ({ schema, httpPart }) => (httpPart === 'body' ? forBodies : forText).compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
}
