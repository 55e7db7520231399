// The one way the app talks to the API: same-origin fetch with the session cookie, the CSRF token
// on every write, and errors turned into ApiError carrying the API's own message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

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

export const API_BASE = '/api/v1';

/** A raw response from the API (for downloads); throws ApiError unless 2xx. */
export async function fetchApi(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && hooks.csrfToken) headers['x-csrf-token'] = hooks.csrfToken;
  let response: Response;
  try {
    response = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  if (response.ok) return response;
  const payload = (await response.json().catch(() => null)) as { error?: string; message?: string } | null;
  const error = new ApiError(response.status, payload?.error ?? 'http_' + response.status, payload?.message ?? `The server answered ${response.status}.`);
  if (response.status === 401 && path !== '/auth/login') hooks.onUnauthorized();
  throw error;
}

export async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetchApi(method, path, body, signal);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: (path: string) => request<void>('DELETE', path),
};

/** `?a=1&b=2` from the defined, non-empty values; '' when there are none. */
export function query(params: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
