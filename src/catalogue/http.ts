// How a provider module calls its API: through the outbound guard, in the provider's rate-limit
// queue (waiting for its turn, and pausing as long as a 429's Retry-After says, up to a bound; each
// client within its fair share of the queue), with definitive answers cached. Whatever goes wrong
// becomes a ProviderFailure that names the provider and says what happened, for the editor to read.
import type { Outbound } from '../delivery/outbound.js';
import { createAnswerCache } from './cache.js';
import { createRateQueue, fairShare, RateLimited, type RateLimit, type RateQueue } from './rate-limit.js';
import { PROVIDER_LABELS, ProviderFailure, type ProviderName } from './types.js';

export interface Answer {
  readonly status: number;
  readonly json: unknown;
}

/** On whose behalf a call is made. */
export interface Caller {
  /** The client asking (its rate-limit key): it gets a fair share of each provider's queue. */
  readonly client: string;
  /** The oldest cached answer acceptable, in ms (undefined: any the cache holds); older ones are asked again and refresh it. */
  readonly maxAgeMs?: number;
}

export interface GetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Some APIs say "too many" in a 200 body (Deezer's quota error): the wait it asks, in ms, or null. */
  readonly limitedInBody?: (json: unknown) => number | null;
  /** Whether an answer is final and may be cached (default: 200 and 404). */
  readonly definitive?: (answer: Answer) => boolean;
}

export interface ProviderHttp {
  getJson(url: string, caller: Caller, options?: GetOptions): Promise<Answer>;
  /** A form POST (a token request, shared by every client): never cached. */
  postForm(url: string, form: string, headers: Readonly<Record<string, string>>): Promise<Answer>;
}

export interface CatalogueHttpOptions {
  readonly outbound: Outbound;
  readonly cacheMs: number;
  /** How long a call may wait for its turn (and for a Retry-After) before it is reported rate_limited. */
  readonly maxWaitMs: number;
  readonly timeoutMs: number;
  readonly limits: Readonly<Record<ProviderName, RateLimit>>;
  /** For tests: the time (the cache's ages, the queues' turns). */
  readonly clock?: () => number;
}

export type HttpFor = (provider: ProviderName) => ProviderHttp;

export function createCatalogueHttp({ outbound, cacheMs, maxWaitMs, timeoutMs, limits, clock = Date.now }: CatalogueHttpOptions): HttpFor {
  const cache = createAnswerCache<Answer>(cacheMs, { clock });
  const queues = new Map<ProviderName, RateQueue>();
  const queueOf = (provider: ProviderName) => {
    let queue = queues.get(provider);
    if (!queue) queues.set(provider, (queue = createRateQueue(limits[provider], { maxQueuedPerOwner: fairShare(limits[provider], maxWaitMs), clock })));
    return queue;
  };

  return (provider) => {
    const label = PROVIDER_LABELS[provider];
    const queue = queueOf(provider);
    const fail = (message: string) => new ProviderFailure(provider, 'error', message);
    const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    const limited = (waitMs: number, reason: RateLimited['reason'] = 'queue') =>
      new ProviderFailure(
        provider,
        'rate_limited',
        reason === 'share' ? `${label} is busy with this account's earlier lookups: retry in ${seconds(waitMs)} s` : `${label}'s rate limit is reached: retry in ${seconds(waitMs)} s`,
      );

    async function exchange(method: 'GET' | 'POST', url: string, headers: Readonly<Record<string, string>>, body: string | null, owner?: string, limitedInBody?: GetOptions['limitedInBody']): Promise<Answer> {
      const deadline = clock() + maxWaitMs;
      for (;;) {
        try {
          await queue.take(deadline, owner);
        } catch (err) {
          if (err instanceof RateLimited) throw limited(err.retryAfterMs, err.reason);
          throw err;
        }
        let raw;
        try {
          raw = method === 'GET' ? await outbound.get(url, { headers, timeoutMs }) : await outbound.post(url, { headers, body: body ?? '', timeoutMs });
        } catch (err) {
          throw fail(`${label} could not be reached: ${(err as Error).message}`);
        }
        // 429, or 503 with a Retry-After (MusicBrainz's answer to more than one request a second): wait and ask again.
        const throttled = raw.status === 429 || (raw.status === 503 && !!raw.retryAfter);
        if (raw.status >= 500 && !throttled) throw fail(`${label} is unavailable (HTTP ${raw.status}); try again later`);
        const json = parseJson(raw.body);
        const waitMs = throttled ? retryAfterMs(raw.retryAfter) : json === undefined ? null : (limitedInBody?.(json) ?? null);
        if (waitMs !== null) {
          const until = clock() + waitMs;
          queue.pauseUntil(until);
          if (until > deadline) throw limited(waitMs);
          continue; // queued behind the pause, then asked again
        }
        if (json === undefined) throw fail(`${label} answered HTTP ${raw.status} with something that is not JSON`);
        return { status: raw.status, json };
      }
    }

    return {
      async getJson(url, caller, { headers = {}, limitedInBody, definitive = (a: Answer) => a.status === 200 || a.status === 404 }: GetOptions = {}) {
        const cached = cache.get(url, caller.maxAgeMs);
        if (cached) return cached;
        const answer = await exchange('GET', url, { accept: 'application/json', ...headers }, null, caller.client, limitedInBody);
        if (definitive(answer)) cache.set(url, answer);
        return answer;
      },
      postForm: (url, form, headers) => exchange('POST', url, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers }, form),
    };
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date; one second when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number {
  if (value && /^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = value ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}
