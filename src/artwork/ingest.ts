// Copies smartlinks' artwork into Duotrack: download (through the outbound guard) → process
// (process.ts) → store (store.ts) → record it on the smartlink → expire every node's page cache.
//
// In the background, never in the save: a smartlink saves whatever the artwork host does, and its
// page shows artworkUrl itself until the copy is recorded. A save asks for a copy at once
// (`request`); each node also looks every `retryMs` for smartlinks still waiting (`sweep`: those
// saved before this existed, a node restarted mid-copy, a retry due). A failed download is retried
// after retryMs, then 4 times longer each time, MAX_RETRIES times; a source that is not an image
// Duotrack takes (or too large) is not retried. Either way a warning is logged and the page keeps
// artworkUrl. The retry state is per node, in memory: a restart (or a new save) tries again.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { AnswerTooLarge, type Outbound } from '../delivery/outbound.js';
import type { LandingLookup } from '../links/landing-lookup.js';
import { setSmartlinkArtwork, smartlinksAwaitingArtwork, type Smartlink, type SmartlinkArtwork } from '../links/smartlink.js';
import { startPeriodic } from '../periodic.js';
import { artworkId, ArtworkRejected, processArtwork, type ProcessedArtwork } from './process.js';
import { saveArtwork, storedArtworkColor } from './store.js';

/** Sources with more pixels are refused before decoding: 25 megapixels (5000×5000) at most. */
export const MAX_PIXELS = 25_000_000;
const MAX_RETRIES = 4;
/** Smartlinks looked at per sweep, latest change first. */
const SWEEP_BATCH = 500;

export interface IngestOptions {
  /** The largest source downloaded, in bytes (ARTWORK_MAX_BYTES). */
  readonly maxBytes: number;
  /** The sweep interval and first retry delay, in ms (ARTWORK_RETRY_MS); 0: no sweep, no retry. */
  readonly retryMs: number;
  /** How long one download may take, in ms. Default 15000. */
  readonly timeoutMs?: number;
}

export interface ArtworkIngester {
  /** After a save: copies this smartlink's artwork soon, if it has an https artworkUrl not copied yet. */
  request(smartlink: Pick<Smartlink, 'id' | 'artworkUrl' | 'artwork'>): void;
  /** Copies the artwork of the smartlinks waiting for it whose attempt is due; resolves when done. */
  sweep(): Promise<void>;
  /** Stops the sweeps and waits for the copy under way. */
  close(): Promise<void>;
}

/**
 * Stores an image's files, unless the same image is stored already, and returns what a smartlink
 * records of it. Throws ArtworkRejected for a source that is not an image Duotrack takes.
 * `process`: how the files are made (the demo keeps the result of its one bundled image).
 */
export async function storeArtwork(
  db: Kysely<Schema>,
  source: Buffer,
  process: (source: Buffer) => Promise<ProcessedArtwork> = (s) => processArtwork(s, { maxPixels: MAX_PIXELS }),
): Promise<SmartlinkArtwork> {
  const id = artworkId(source);
  const color = await storedArtworkColor(db, id);
  if (color) return { id, color };
  const processed = await process(source);
  await saveArtwork(db, processed);
  return { id, color: (await storedArtworkColor(db, id)) ?? processed.color };
}

interface Attempts {
  readonly url: string;
  readonly failures: number;
  readonly nextAt: number; // Infinity: given up
}

export interface IngesterDeps {
  readonly db: Kysely<Schema>;
  readonly outbound: Outbound;
  readonly lookup: Pick<LandingLookup, 'invalidate'>;
  readonly log: FastifyBaseLogger;
}

export function createArtworkIngester({ db, outbound, lookup, log }: IngesterDeps, { maxBytes, retryMs, timeoutMs = 15_000 }: IngestOptions): ArtworkIngester {
  const attempts = new Map<string, Attempts>();
  const queued = new Set<string>();
  let chain: Promise<void> = Promise.resolve();

  /** One copy at a time per node: sharp keeps a core busy for a few hundred ms per artwork. */
  function enqueue(id: string, url: string): void {
    if (queued.has(id)) return;
    queued.add(id);
    chain = chain
      .then(() => copy(id, url))
      .catch((err: Error) => log.warn({ smartlink: id, err: { message: err.message } }, 'artwork copy failed'))
      .finally(() => queued.delete(id));
  }

  async function copy(id: string, url: string): Promise<void> {
    const started = Date.now();
    try {
      const answer = await outbound.getBytes(url, { headers: { accept: 'image/*', 'user-agent': 'Duotrack (artwork copy)' }, timeoutMs, maxBytes });
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
      const artwork = await storeArtwork(db, answer.body);
      attempts.delete(id);
      if (await setSmartlinkArtwork(db, id, url, artwork)) {
        lookup.invalidate(); // every node renders the page again, with the copy
        log.info({ smartlink: id, artwork: artwork.id, bytes: answer.body.length, ms: Date.now() - started }, 'artwork copied');
      }
    } catch (err) {
      const previous = attempts.get(id);
      const failures = (previous?.url === url ? previous.failures : 0) + 1;
      const final = err instanceof ArtworkRejected || err instanceof AnswerTooLarge || failures > MAX_RETRIES || retryMs === 0;
      attempts.set(id, { url, failures, nextAt: final ? Infinity : Date.now() + retryMs * 4 ** (failures - 1) });
      const reason = (err as Error).message;
      const source = new URL(url).origin; // the path may be long; the host says where to look
      if (final) log.warn({ smartlink: id, source, reason }, `artwork not copied (${reason}): the page shows artworkUrl as it is`);
      else log.warn({ smartlink: id, source, reason, failures }, `artwork not copied yet (${reason}): retrying in ${retryMs * 4 ** (failures - 1)} ms`);
    }
  }

  const sweep = async () => {
    const now = Date.now();
    for (const { id, artworkUrl } of await smartlinksAwaitingArtwork(db, SWEEP_BATCH)) {
      const previous = attempts.get(id);
      if (previous?.url === artworkUrl && previous.nextAt > now) continue;
      enqueue(id, artworkUrl);
    }
    await chain;
  };
  const stop = startPeriodic(retryMs, sweep, (err) => log.warn({ err: { message: err.message } }, 'artwork sweep failed'));

  return {
    request(smartlink) {
      if (smartlink.artwork || !smartlink.artworkUrl?.startsWith('https://')) return;
      attempts.delete(smartlink.id); // a save is a new chance, whatever happened before
      enqueue(smartlink.id, smartlink.artworkUrl);
    },
    sweep,
    async close() {
      stop();
      await chain;
    },
  };
}
