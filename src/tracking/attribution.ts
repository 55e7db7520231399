// Session attribution: a click through the smartlink page is credited to the view that showed the
// page, so that per-channel, per-referrer and per-campaign reports add up (views, clicks,
// click-through, revenue). The view's acquisition — channel, referrer, the five UTM fields — is
// copied onto the click; the click keeps its own in-app platform, device and place.
//
// Which view: the one named by the click's view token (a tap from the page script), else, for a
// plain link whose Referer is the smartlink page (no JavaScript), the latest view of the click's
// session (one visitor, one smartlink, one UTC day). Read from a cache of the views this node
// served, or else from the database: the view is committed before its page is sent, so another
// node (or this one after a restart) finds it there. A view that cannot be found within
// LOOKUP_TIMEOUT_MS (database away) leaves the click with its own source; so does a plain link
// of a fan who opted out (no session id). A direct deep link (no token, no Referer from the page)
// keeps its own source.
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/database.js';
import { normalHost } from '../host.js';
import type { Enrichment, TrackedEvent } from './event.js';
import type { RequestFacts } from './request-facts.js';

export const ACQUISITION_FIELDS = ['channel', 'referrer', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** Where a view came from. */
export type Acquisition = Pick<Enrichment, (typeof ACQUISITION_FIELDS)[number]>;

/** How a click reached the service: through its view's token, or a plain link from the page. */
export type ClickVia = { readonly viewId: string } | 'page_referrer';

/**
 * How a click came: `viewId` from a valid view token, else a plain link whose Referer is this
 * smartlink's page on this host, else null (a direct deep link, a shared link, a bookmark).
 */
export function clickVia(viewId: string | null, facts: Pick<RequestFacts, 'referrer' | 'host'>, slug: string): ClickVia | null {
  if (viewId !== null) return { viewId };
  if (facts.referrer === '') return null;
  try {
    const url = new URL(facts.referrer);
    return normalHost(url.hostname) === facts.host && url.pathname.toLowerCase() === `/${slug}` ? 'page_referrer' : null;
  } catch {
    return null;
  }
}

export interface Attribution {
  /** Remembers where a view came from (each view this node tracks). */
  remember(view: TrackedEvent): void;
  /** The acquisition of the view a click came through; null when it cannot be found. */
  sourceOf(click: TrackedEvent, via: ClickVia): Acquisition | null | Promise<Acquisition | null>;
}

/** Views remembered per node (about 400 bytes each, measured); beyond, the database answers. */
const CACHED_VIEWS = 20_000;
/** A session's view is looked for among the smartlink's views of the last hours… */
const SESSION_WINDOW_MS = 6 * 3_600_000;
/** …at most this many of them, newest first: the cost of a miss is bounded, whatever the traffic. */
const SESSION_SCAN_ROWS = 5_000;
const LOOKUP_TIMEOUT_MS = 250;

export function createAttribution(database: Database): Attribution {
  const byView = new LRUCache<string, Acquisition>({ max: CACHED_VIEWS });
  const bySession = new LRUCache<string, Acquisition>({ max: CACHED_VIEWS });

  const fromDatabase = async (click: TrackedEvent, via: ClickVia): Promise<Acquisition | null> => {
    const db = database.db;
    if (via !== 'page_referrer') {
      const row = await db.selectFrom('events').select(ACQUISITION_FIELDS).where('event_id', '=', via.viewId).where('type', '=', 'view').executeTakeFirst();
      return (row as Acquisition | undefined) ?? null; // channel: stored as one of Channel
    }
    const recent = db
      .selectFrom('events')
      .select([...ACQUISITION_FIELDS, 'ts', 'type', 'session_id'])
      .where('smartlink_id', '=', click.smartlink_id)
      .where('ts', '>=', click.ts - SESSION_WINDOW_MS)
      .where('ts', '<=', click.ts)
      .orderBy('ts', 'desc')
      .limit(SESSION_SCAN_ROWS)
      .as('recent');
    const row = await db
      .selectFrom(recent)
      .select(ACQUISITION_FIELDS)
      .where('type', '=', 'view')
      .where('session_id', '=', click.session_id)
      .orderBy('ts', 'desc')
      .limit(1)
      .executeTakeFirst();
    return (row as Acquisition | undefined) ?? null;
  };

  return {
    remember(view) {
      const source = acquisitionOf(view);
      byView.set(view.event_id, source);
      if (view.session_id !== null) bySession.set(view.session_id, source);
    },
    sourceOf(click, via) {
      if (via === 'page_referrer' && click.session_id === null) return null;
      const cached = via === 'page_referrer' ? bySession.get(click.session_id as string) : byView.get(via.viewId);
      if (cached !== undefined) return cached;
      return withTimeout(fromDatabase(click, via), LOOKUP_TIMEOUT_MS).catch(() => null);
    },
  };
}

function acquisitionOf(view: TrackedEvent): Acquisition {
  const { channel, referrer, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content } = view;
  return { channel, referrer, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
