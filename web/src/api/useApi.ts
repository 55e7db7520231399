// Loading one API resource in a component, through the query cache: keyed by path and
// parameters, shared by every component that asks, optionally refreshed every `refreshMs` while
// the tab is visible. Typed by the path: useApi('/api/v1/clients/{id}', { path: { id } }).data is a Client.
// Lists: useApiList() pages through them all.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
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
  return useResource(path, params, options, (signal) => getPath(path as P, params, signal));
}

/** The paths that answer one page of a list: `{ data: [...], page: { limit, offset, total } }`. */
export type ListPath = { [P in GetPath]: GetData<P> extends { readonly data: readonly unknown[]; readonly page: { readonly total: number } } ? P : never }[GetPath];
type Item<P extends ListPath> = GetData<P> extends { readonly data: readonly (infer T)[] } ? T : never;

/** The API's largest page. */
const PAGE = 200;

/** Every item of a list, however many pages it takes (`limit` and `offset` are set here). */
export function useApiList<P extends ListPath>(path: P | null, ...[params, options = {}]: Args<P>): Resource<readonly Item<P>[]> {
  return useResource(path, params, options, async (signal) => {
    const items: Item<P>[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const query = { ...((params as { query?: object } | undefined)?.query ?? {}), limit: PAGE, offset };
      const page = (await getPath(path as P, { ...(params as object | undefined), query } as GetParams<P>, signal)) as unknown as { data: Item<P>[]; page: { total: number } };
      items.push(...page.data);
      if (page.data.length === 0 || offset + PAGE >= page.page.total) return items;
    }
  }, 'all');
}

function useResource<T>(path: string | null, params: unknown, { refreshMs }: Options, load: (signal: AbortSignal) => Promise<T>, variant?: string): Resource<T> {
  const query = useQuery({
    queryKey: [path, params ?? {}, ...(variant ? [variant] : [])],
    queryFn: ({ signal }) => load(signal),
    enabled: path !== null,
    ...(refreshMs ? { refetchInterval: refreshMs } : {}),
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: query.data, error: query.error ?? undefined, loading: path !== null && query.isPending, reload };
}

/** After a write: marks stale, and refetches where shown, every cached GET whose path starts with `prefix` (every one without it). */
export function useInvalidate(): (prefix?: string) => void {
  const client = useQueryClient();
  return useCallback(
    (prefix) => void client.invalidateQueries(prefix === undefined ? {} : { predicate: ({ queryKey }) => typeof queryKey[0] === 'string' && queryKey[0].startsWith(prefix) }),
    [client],
  );
}
