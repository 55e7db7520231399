// One POST to a platform, through the outbound guard, with a timeout. Refusals, redirects, network
// errors and timeouts throw (the queue retries the batch); an answer is returned with its status
// and body for the platform's own reading. Messages never carry the URL (Meta's holds the access
// token) or a fan's data.
import type { Outbound } from '../delivery/outbound.js';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** POSTs a JSON body to a platform and reads its JSON answer (other text: its first 300 characters). */
export type PostJson = (url: string, body: unknown, headers?: Record<string, string>) => Promise<Answer>;

export function jsonPoster(outbound: Outbound, timeoutMs: number): PostJson {
  return async (url, body, headers = {}) => {
    const answer = await outbound.post(url, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), timeoutMs });
    let parsed: unknown = null;
    try {
      parsed = answer.body ? JSON.parse(answer.body) : null;
    } catch {
      parsed = answer.body.slice(0, 300);
    }
    return { status: answer.status, body: parsed };
  };
}

/** What every sender gets besides its payloads: the POST, the fans' full IPs while in memory, the client's LDU choice. */
export interface SendContext {
  readonly post: PostJson;
  /** The full address of an event, from this process's memory (ip-memory.ts); null once gone. Never a truncated one. */
  readonly ipOf: (eventId: string) => string | null;
  readonly limitedDataUse: boolean;
}

/** 429 and 5xx are worth retrying; any other 4xx will fail the same way again. */
export function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}
