// Random bytes for the hot path (event ids, CSP nonces), drawn from a pool that one
// crypto.randomFillSync call refills: a syscall per 4 KB instead of one per request.
import { randomFillSync } from 'node:crypto';

const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;

/** `size` cryptographically random bytes (a view into the pool: copy it if you keep it). */
export function randomBytesFromPool(size: number): Buffer {
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + size);
  offset += size;
  return bytes;
}
