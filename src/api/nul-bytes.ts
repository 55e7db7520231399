// A NUL byte (U+0000) is in no legitimate API input, and PostgreSQL refuses it in text: refused
// here, once for every route, in the query, the path and the body (keys and values, at any depth).
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

/** An object or array being walked, and which of its keys (an array's: none, its indexes) comes next. */
interface Frame {
  readonly node: object;
  readonly keys: readonly string[] | null;
  readonly size: number;
  next: number;
}

/** Where the first NUL byte is, as `body.tracking.custom` or `query.q`; null when there is none. */
export function nulBytePath(parts: Readonly<Record<string, unknown>>): string | null {
  // An explicit stack (a deeply nested body must not overflow the call stack), whose frames' current
  // keys spell the path of a hit.
  const frames: Frame[] = [frameOf(parts)];
  while (frames.length > 0) {
    const top = frames[frames.length - 1] as Frame;
    if (top.next === top.size) {
      frames.pop();
      continue;
    }
    const key = top.keys === null ? top.next : (top.keys[top.next] as string);
    top.next++;
    const value: unknown = (top.node as Record<string | number, unknown>)[key];
    if ((typeof key === 'string' && key.includes('\0')) || (typeof value === 'string' && value.includes('\0'))) return pathOf(frames);
    if (isPlainData(value)) frames.push(frameOf(value));
  }
  return null;
}

function frameOf(node: object): Frame {
  const keys = Array.isArray(node) ? null : Object.keys(node);
  return { node, keys, size: keys === null ? (node as unknown[]).length : keys.length, next: 0 };
}

function pathOf(frames: readonly Frame[]): string {
  return frames
    .map((f, depth) => (f.keys === null ? `[${f.next - 1}]` : `${depth === 0 ? '' : '.'}${f.keys[f.next - 1] as string}`))
    .join('');
}

/**
 * An array or a record (parsed JSON; Fastify's query and params, whose prototype has no prototype):
 * not a Buffer, a stream or another class's instance, whose insides are not input text.
 */
function isPlainData(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === null || Object.getPrototypeOf(proto) === null;
}

/** A preValidation hook: 400 when the query, the path or the body holds a NUL byte. */
export async function refuseNulBytes(request: FastifyRequest): Promise<void> {
  const path = nulBytePath({ query: request.query, params: request.params, body: request.body });
  if (path !== null) throw new ApiError(400, 'bad_request', `${path}: a NUL byte (\\u0000) is not accepted`);
}
