// The one way the app talks to the API: openapi-fetch over the generated types (sdk/src/schema.ts),
// so a path, a parameter or a body the API would refuse does not compile. Same-origin with the
// session cookie, the CSRF token on every write, and any non-2xx answer thrown as ApiError carrying
// the API's own message (a 401 also ends the session, except for sign-in itself).
import createClient, { type ClientPathsWithMethod, type MaybeOptionalInit, type MethodResponse, type Middleware } from 'openapi-fetch';
import { i18n } from '../i18n/i18n';
import { actingClient } from '../auth/acting';
import type { paths } from './schema';
import type { ApiErrorBody } from './types';

/** One problem the API found in a request (Ajv's validation items, or a domain rule naming its field). */
export interface ApiProblem {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: { readonly missingProperty?: string; readonly additionalProperty?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly ApiProblem[] = [],
  ) {
    super(message);
  }
}

interface SessionHooks {
  csrfToken: string | null;
  /** Called when the API says the session is gone (401), except for sign-in itself. */
  onUnauthorized: () => void;
}

const hooks: SessionHooks = { csrfToken: null, onUnauthorized: () => undefined };

export function setCsrfToken(token: string | null): void {
  hooks.csrfToken = token;
}

export function onUnauthorized(handler: () => void): void {
  hooks.onUnauthorized = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && hooks.csrfToken) request.headers.set('x-csrf-token', hooks.csrfToken);
    const acting = actingClient();
    if (acting) request.headers.set('x-duotrack-client', acting);
    return request;
  },
  async onResponse({ response, schemaPath }) {
    if (response.ok) return undefined;
    const payload = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
    if (response.status === 401 && schemaPath !== '/api/v1/auth/login') hooks.onUnauthorized();
    const problems = Array.isArray(payload?.details) ? (payload.details as ApiProblem[]) : [];
    throw new ApiError(response.status, payload?.error ?? 'http_' + response.status, payload?.message ?? i18n.t('ui:serverError', { status: response.status }), problems);
  },
  onError({ error }) {
    if (error instanceof Error && error.name === 'AbortError') return error;
    return new ApiError(0, 'network', i18n.t('ui:networkError'));
  },
};

const client = createClient<paths>({ credentials: 'same-origin', headers: { accept: 'application/json' } });
client.use(session);

type Client = typeof client;
export type GetPath = ClientPathsWithMethod<Client, 'get'>;
/** The parameters (path, query) of GET `path`. */
export type GetParams<P extends GetPath> = paths[P] extends { get: { parameters: infer T } } ? T : never;
/** What GET `path` answers with. */
export type GetData<P extends GetPath> = MethodResponse<Client, 'get', P>;

/** The data of a successful answer; the middleware throws on any other. */
type Data<R> = R extends { data: infer D } ? D : never;
async function dataOf<R extends { data?: unknown }>(pending: Promise<R>): Promise<Data<R>> {
  return (await pending).data as Data<R>;
}

/** The API by its paths, as openapi-fetch types them (`{ params: { path, query }, body, signal }`), resolving to the answer's data. */
export const api = {
  get: <P extends GetPath, I extends MaybeOptionalInit<paths[P], 'get'>>(...args: Parameters<typeof client.GET<P, I>>) => dataOf(client.GET<P, I>(...args)),
  post: <P extends ClientPathsWithMethod<Client, 'post'>, I extends MaybeOptionalInit<paths[P], 'post'>>(...args: Parameters<typeof client.POST<P, I>>) => dataOf(client.POST<P, I>(...args)),
  put: <P extends ClientPathsWithMethod<Client, 'put'>, I extends MaybeOptionalInit<paths[P], 'put'>>(...args: Parameters<typeof client.PUT<P, I>>) => dataOf(client.PUT<P, I>(...args)),
  patch: <P extends ClientPathsWithMethod<Client, 'patch'>, I extends MaybeOptionalInit<paths[P], 'patch'>>(...args: Parameters<typeof client.PATCH<P, I>>) => dataOf(client.PATCH<P, I>(...args)),
  delete: <P extends ClientPathsWithMethod<Client, 'delete'>, I extends MaybeOptionalInit<paths[P], 'delete'>>(...args: Parameters<typeof client.DELETE<P, I>>) => dataOf(client.DELETE<P, I>(...args)),
};

/** client.GET for a path known only as some GetPath: TypeScript cannot follow a generic path through openapi-fetch's types. */
const untypedGet = client.GET as (path: string, init: { params?: unknown; signal?: AbortSignal | undefined; parseAs?: 'blob' }) => Promise<{ data?: unknown; response: Response }>;

/** GET `path` with its parameters held apart from the call (a hook's arguments: useApi), typed by the path. */
export function getPath<P extends GetPath>(path: P, params: GetParams<P> | undefined, signal?: AbortSignal): Promise<GetData<P>> {
  return untypedGet(path, { params, signal }).then(({ data }) => data as GetData<P>);
}

/** A file the API serves (a CSV export): its body, and the headers that name it. */
export async function fetchFile<P extends GetPath>(path: P, params: GetParams<P>): Promise<{ readonly blob: Blob; readonly headers: Headers }> {
  const { data, response } = await untypedGet(path, { params, parseAs: 'blob' });
  return { blob: data as Blob, headers: response.headers };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
