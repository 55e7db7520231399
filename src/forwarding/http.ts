// One POST to a platform, with a timeout. Network errors and timeouts throw (the queue retries the
// batch); an answer is returned with its status and body for the platform's own reading. Messages
// never carry the URL (Meta's holds the access token) or a fan's data.

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export async function postJson(url: string, body: unknown, { headers = {}, timeoutMs }: { headers?: Record<string, string>; timeoutMs: number }): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new Error(e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `network error${e.cause?.code ? ` (${e.cause.code})` : ''}`);
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    throw new Error(`HTTP ${res.status}, body cut off`);
  }
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text.slice(0, 300);
  }
  return { status: res.status, body: parsed };
}

/** 429 and 5xx are worth retrying; any other 4xx will fail the same way again. */
export function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}
