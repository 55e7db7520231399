// Loading one API resource in a component: re-fetched when the path changes, abandoned when the
// component goes, optionally refreshed every `refreshMs` while the tab is visible.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './http';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

export function useApi<T>(path: string | null, options: { readonly refreshMs?: number } = {}): Resource<T> {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: Error }>({ path: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const refreshMs = options.refreshMs;
  const latest = useRef(path);
  latest.current = path;

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const load = () =>
      api.get<T>(path, controller.signal).then(
        (data) => latest.current === path && setState({ path, data }),
        (error: Error) => {
          if (error.name !== 'AbortError' && latest.current === path) setState((s) => ({ path, data: s.path === path ? s.data : undefined, error }));
        },
      );
    void load();
    const timer = refreshMs
      ? window.setInterval(() => {
          if (document.visibilityState === 'visible') void load();
        }, refreshMs)
      : undefined;
    return () => {
      controller.abort();
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [path, generation, refreshMs]);

  const current = state.path === path;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
  };
}
