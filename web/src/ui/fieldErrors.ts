// Which field a refused save was about: the API's 400 names it in `details` (Ajv's items, with
// instancePath "/slug" or "/body/slug", or a missing property), so the form can mark that field.
import { ApiError, type ApiProblem } from '../api/http';

/** The field a problem is about, as a dotted path: "/routing/0/country" → "routing.0.country". */
export function problemField(problem: ApiProblem): string | null {
  const path = (problem.instancePath ?? '').replace(/^\/body(?=\/|$)/, '');
  const missing = problem.params?.missingProperty ?? problem.params?.additionalProperty;
  const parts = [...path.split('/').filter(Boolean), ...(missing ? [missing] : [])];
  return parts.length ? parts.join('.') : null;
}

/** The message for `field` in `error` (a failed save), or undefined when that field is fine. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  for (const problem of error.problems) {
    if (problemField(problem) === field) return problem.message ? sentence(problem.message) : error.message;
  }
  return undefined;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
