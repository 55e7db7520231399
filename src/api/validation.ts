// Request validation for the API. Query strings and path parameters arrive as text, so they are
// coerced ("50" → 50); JSON bodies are not: a wrong type or an unknown field is a 400 that says so,
// never a silent conversion or drop.
import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: false, useDefaults: true, strict: false };
const forText = new Ajv({ ...common, coerceTypes: 'array' });
const forBodies = new Ajv({ ...common, coerceTypes: false, removeAdditional: false });

export const apiValidatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? forBodies : forText).compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
