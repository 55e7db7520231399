// Loading one API resource in a component: re-fetched when the path or its parameters change,
// abandoned when the component goes, optionally refreshed every `refreshMs` while the tab is
// visible. Typed by the path: useApi('/api/v1/clients/{id}', { path: { id } }).data is a Client.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getPath, type GetData, type GetParams, type GetPath } from './http';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

interface Options {
  readonly refreshMs?: number;
}

/** The parameters may be left out when the path needs none. */
type Args<P extends GetPath> = object extends GetParams<P> ? [params?: GetParams<P>, options?: Options] : [params: GetParams<P>, options?: Options];

/** `path` null: nothing to load (yet). */
export function useApi<P extends GetPath>(path: P | null, ...[params, options = {}]: Args<P>): Resource<GetData<P>> {
  const key = path === null ? null : `${path} ${JSON.stringify(params ?? {})}`;
  const [state, setState] = useState<{ key: string | null; data?: GetData<P>; error?: Error }>({ key: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const refreshMs = options.refreshMs;
  const latest = useRef(key);
  latest.current = key;
  const request = useRef({ path, params });
  request.current = { path, params };

  useEffect(() => {
    const { path, params } = request.current;
    if (path === null || key === null) return;
    const controller = new AbortController();
    const load = () =>
      getPath(path, params, controller.signal).then(
        (data) => latest.current === key && setState({ key, data }),
        (error: Error) => {
          if (error.name !== 'AbortError' && latest.current === key) setState((s) => ({ key, data: s.key === key ? s.data : undefined, error }));
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
  }, [key, generation, refreshMs]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload,
  };
}
