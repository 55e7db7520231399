// One import at a time per client (in this process): a second one while the first runs is
// refused rather than queued, so no client can hold several imports' memory and work at once.
export interface ImportSlots {
  /** Takes the client's slot: a function that frees it, or null when an import holds it. */
  take(key: string): (() => void) | null;
}

export function importSlots(): ImportSlots {
  const busy = new Set<string>();
  return {
    take(key) {
      if (busy.has(key)) return null;
      busy.add(key);
      return () => void busy.delete(key);
    },
  };
}
