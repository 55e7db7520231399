// Copies smartlinks' artwork into Duotrack: download (through the outbound guard) → process
// (process.ts) → store (store.ts) → record it on the smartlink → expire every node's page cache.
//
// In the background, never in the save: a smartlink saves whatever the artwork host does, and its
// page shows artworkUrl itself until the copy is recorded. A save asks for a copy at once
// (`request`); each node also looks every `retryMs` for smartlinks still waiting (`sweep`: those
// saved before this existed, a node restarted mid-copy, a retry due). A failed download is retried
// after retryMs, then 4 times longer each time, MAX_RETRIES times (per node, in memory); a source
// that is not an image Duotrack takes (an SVG, too large, too slow to process) is not retried.
// Either way a warning is logged and the page keeps artworkUrl. A source given up on is recorded
// (awaiting.ts): no sweep of any node downloads it again; a save of the smartlink tries it once more.
//
// Each client's saves store at most `dailyCap` new images per 24 hours (an image stored already,
// whoever stored it, is not a new one): beyond, the copy is refused with a warning, the page keeps
// artworkUrl, and the node tries again once the oldest of those 24 hours' copies is a day old.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { AnswerTooLarge, type Outbound } from '../delivery/outbound.js';
import type { LandingLookup } from '../links/landing-lookup.js';
import { setSmartlinkArtwork, type Smartlink, type SmartlinkArtwork } from '../links/smartlink.js';
import { startPeriodic } from '../periodic.js';
import { awaitingArtwork, forgetGivenUp, recordGivenUp } from './awaiting.js';
import { artworkId, ArtworkRejected, processArtwork, type ProcessedArtwork } from './process.js';
import { newCopiesSince, reuseStoredArtwork, saveArtwork } from './store.js';

/** Sources with more pixels are refused before decoding: 25 megapixels (5000×5000) at most. */
export const MAX_PIXELS = 25_000_000;
const MAX_RETRIES = 4;
const DAY_MS = 86_400_000;

export interface IngestOptions {
  /** The largest source downloaded, in bytes (ARTWORK_MAX_BYTES). */
  readonly maxBytes: number;
  /** The sweep interval and first retry delay, in ms (ARTWORK_RETRY_MS); 0: no sweep, no retry. */
  readonly retryMs: number;
  /** New images each client's saves may store per 24 hours (ARTWORK_DAILY_CAP). */
  readonly dailyCap: number;
  /** How long one download may take, in ms. Default 15000. */
  readonly timeoutMs?: number;
  /**
   * Smartlinks a sweep reads per query, latest change first, and the most it copies. Those whose
   * retry is not due take no room: it reads on past them. Default 500.
   */
  readonly sweepBatch?: number;
}

export interface ArtworkIngester {
  /** After a save: copies this smartlink's artwork soon, if it has an https artworkUrl not copied yet (even one given up on: once more). */
  request(smartlink: Pick<Smartlink, 'id' | 'clientId' | 'artworkUrl' | 'artwork'>): void;
  /** Copies the artwork of the smartlinks waiting for it whose attempt is due; resolves when done. */
  sweep(): Promise<void>;
  /** Stops the sweeps and waits for the copy under way. */
  close(): Promise<void>;
}

/** The client's saves stored `cap` new images in the last 24 hours; another may be stored from `freesAt`. */
export class DailyCapReached extends Error {
  constructor(
    readonly cap: number,
    readonly freesAt: number,
  ) {
    super(`the client stored ${cap} new artworks in the last 24 hours (ARTWORK_DAILY_CAP)`);
  }
}

/** Whose save a copy is for, and how many new images that client may store per 24 hours. */
export interface CopyQuota {
  readonly clientId: string;
  readonly dailyCap: number;
}

/**
 * Stores an image's files, unless the same image is stored already, and returns what a smartlink
 * records of it. Throws ArtworkRejected for a source that is not an image Duotrack takes, and
 * DailyCapReached when `quota`'s client may store no new image now.
 * `process`: how the files are made (by default, for an image from a URL: no SVG); the demo keeps
 * the result of its one bundled image. No `quota`: Duotrack's own image, stored for no client.
 */
export async function storeArtwork(
  db: Kysely<Schema>,
  source: Buffer,
  process: (source: Buffer) => Promise<ProcessedArtwork> = (s) => processArtwork(s, { maxPixels: MAX_PIXELS }),
  quota?: CopyQuota,
  now = Date.now(),
): Promise<SmartlinkArtwork> {
  const id = artworkId(source);
  const color = await reuseStoredArtwork(db, id);
  if (color) return { id, color };
  if (quota) {
    const copies = await newCopiesSince(db, quota.clientId, now - DAY_MS);
    if (copies.count >= quota.dailyCap) throw new DailyCapReached(quota.dailyCap, (copies.first ?? now) + DAY_MS);
  }
  const processed = await process(source);
  await saveArtwork(db, processed, quota?.clientId ?? null, now);
  return { id, color: (await reuseStoredArtwork(db, id)) ?? processed.color };
}

interface Attempts {
  readonly url: string;
  readonly failures: number;
  readonly nextAt: number;
}

interface Job {
  readonly id: string;
  readonly clientId: string;
  readonly url: string;
}

export interface IngesterDeps {
  readonly db: Kysely<Schema>;
  readonly outbound: Outbound;
  readonly lookup: Pick<LandingLookup, 'invalidate'>;
  readonly log: FastifyBaseLogger;
}

export function createArtworkIngester({ db, outbound, lookup, log }: IngesterDeps, { maxBytes, retryMs, dailyCap, timeoutMs = 15_000, sweepBatch = 500 }: IngestOptions): ArtworkIngester {
  /** Smartlinks waiting for a retry (or for their client's cap), by id. */
  const attempts = new Map<string, Attempts>();
  const queued = new Set<string>();
  let chain: Promise<void> = Promise.resolve();

  /** One copy at a time per node: sharp keeps a core busy for a few hundred ms per artwork. False: queued already. */
  function enqueue(job: Job): boolean {
    if (queued.has(job.id)) return false;
    queued.add(job.id);
    chain = chain
      .then(() => copy(job))
      .catch((err: Error) => log.warn({ smartlink: job.id, err: { message: err.message } }, 'artwork copy failed'))
      .finally(() => queued.delete(job.id));
    return true;
  }

  async function copy({ id, clientId, url }: Job): Promise<void> {
    const started = Date.now();
    const source = new URL(url).origin; // the path may be long; the host says where to look
    try {
      const answer = await outbound.getBytes(url, { headers: { accept: 'image/*', 'user-agent': 'Duotrack (artwork copy)' }, timeoutMs, maxBytes });
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
      const artwork = await storeArtwork(db, answer.body, undefined, { clientId, dailyCap });
      attempts.delete(id);
      await forgetGivenUp(db, id);
      if (await setSmartlinkArtwork(db, id, url, artwork)) {
        lookup.invalidate(); // every node renders the page again, with the copy
        log.info({ smartlink: id, artwork: artwork.id, bytes: answer.body.length, ms: Date.now() - started }, 'artwork copied');
      }
    } catch (err) {
      const previous = attempts.get(id);
      const earlier = previous?.url === url ? previous.failures : 0;
      if (err instanceof DailyCapReached) {
        attempts.set(id, { url, failures: earlier, nextAt: err.freesAt });
        log.warn({ smartlink: id, client: clientId, source, cap: err.cap }, `artwork not copied (${err.message}): the page shows artworkUrl; tried again after ${new Date(err.freesAt).toISOString()}`);
        return;
      }
      const failures = earlier + 1;
      const reason = (err as Error).message;
      const final = err instanceof ArtworkRejected || err instanceof AnswerTooLarge || failures > MAX_RETRIES || retryMs === 0;
      if (!final) {
        const delay = retryMs * 4 ** (failures - 1);
        attempts.set(id, { url, failures, nextAt: Date.now() + delay });
        log.warn({ smartlink: id, source, reason, failures }, `artwork not copied yet (${reason}): retrying in ${delay} ms`);
        return;
      }
      attempts.delete(id);
      const recorded = failures > 1 ? `${reason} after ${failures} attempts` : reason;
      const givenUp = await recordGivenUp(db, id, url, recorded);
      log.warn({ smartlink: id, source, reason, givenUp }, `artwork not copied (${reason}): the page shows artworkUrl as it is; not tried again until the smartlink is saved`);
    }
  }

  const sweep = async () => {
    const now = Date.now();
    let enqueued = 0;
    let page = await awaitingArtwork(db, sweepBatch);
    for (;;) {
      for (const { id, clientId, artworkUrl } of page) {
        const previous = attempts.get(id);
        if (previous?.url === artworkUrl && previous.nextAt > now) continue; // a retry not due yet
        if (enqueue({ id, clientId, url: artworkUrl })) enqueued++;
      }
      const last = page.at(-1);
      if (!last || page.length < sweepBatch || enqueued >= sweepBatch) break;
      page = await awaitingArtwork(db, sweepBatch, last);
    }
    await chain;
  };
  const stop = startPeriodic(retryMs, sweep, (err) => log.warn({ err: { message: err.message } }, 'artwork sweep failed'));

  return {
    request(smartlink) {
      if (smartlink.artwork || !smartlink.artworkUrl?.startsWith('https://')) return;
      attempts.delete(smartlink.id); // a save is a new chance, whatever happened before
      enqueue({ id: smartlink.id, clientId: smartlink.clientId, url: smartlink.artworkUrl });
    },
    sweep,
    async close() {
      stop();
      await chain;
    },
  };
}
