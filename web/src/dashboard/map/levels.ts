// The map's colour levels: geometric steps up to the largest count (a few countries usually bring
// most of the views, so equal steps would paint every other country the palest shade).
export const LEVELS = 5;

/** Each level's upper bound, whole and increasing: 1000 → [4, 16, 63, 251, 1000]; 2 → [1, 2]; 0 → []. */
export function levelBounds(max: number): number[] {
  if (max <= 0) return [];
  const bounds = Array.from({ length: LEVELS }, (_, i) => Math.max(1, Math.round(max ** ((i + 1) / LEVELS))));
  return [...new Set(bounds)];
}

/** The colour level of a count, 0 (none) to LEVELS; the top bound is always the darkest. */
export function levelOf(count: number, bounds: readonly number[]): number {
  if (count <= 0 || bounds.length === 0) return 0;
  const i = bounds.findIndex((b) => count <= b);
  return Math.ceil((((i === -1 ? bounds.length - 1 : i) + 1) * LEVELS) / bounds.length);
}
