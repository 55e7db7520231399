// One thing a person set off (a save, a download, a mark-as-read): busy while it runs, and the
// error it ended with, for <ErrorMessage>. A new run clears the last error.
import { useState } from 'react';

export interface Action {
  readonly busy: boolean;
  readonly error: unknown;
  /** Shows an error of the page's own (a check before anything is sent). */
  fail(error: Error): void;
  run(work: () => Promise<void>): Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    busy,
    error,
    fail: setError,
    async run(work) {
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    },
  };
}
