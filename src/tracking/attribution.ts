// Session attribution: a click through the smartlink page is credited to the view that showed the
// page, so that per-channel, per-referrer and per-campaign reports add up (views, clicks,
// click-through, revenue). The view's acquisition — channel, referrer, the five UTM fields — is
// copied onto the click; the click keeps its own in-app platform, device and place.
//
// Which view: the one named by the click's view token. Every service link of a page carries its
// view's token (`?v=`), and the page script adds the tap number (`&n=`). A link with a token is
// taken as coming from that view when it is a tap of the page script (it has `n`), or a plain link
// followed from the page itself (no JavaScript: its Referer is the page). A token without either —
// a service link copied and shared, or bookmarked — does not carry the sharer's source to someone
// else: that click, like a direct deep link, keeps its own.
//
// The view's source is read from a cache of the views this node served, or else from the database
// by the view's event id (the view is committed before its page is sent, so another node, or this
// one after a restart, finds it there). A view that cannot be read within LOOKUP_TIMEOUT_MS (the
// database away) leaves the click with its own source.
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/database.js';
import { normalHost } from '../host.js';
import type { Enrichment, TrackedEvent } from './event.js';
import type { RequestFacts } from './request-facts.js';

export const ACQUISITION_FIELDS = ['channel', 'referrer', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** Where a view came from. */
export type Acquisition = Pick<Enrichment, (typeof ACQUISITION_FIELDS)[number]>;

/** A click through the page: the view it came from. */
export interface ClickVia {
  readonly viewId: string;
}

/**
 * How a click came: through the page whose valid view token it carries (`viewId`), if it is the
 * page script's tap (`tap` given) or a plain link whose Referer is that smartlink's page on this
 * host; otherwise null (a direct deep link, a shared or bookmarked link).
 */
export function clickVia(viewId: string | null, tap: number | null, facts: Pick<RequestFacts, 'referrer' | 'host'>, slug: string): ClickVia | null {
  if (viewId === null) return null;
  return tap !== null || referredByPage(facts, slug) ? { viewId } : null;
}

/** Whether the Referer is this smartlink's page (any query) on the host the request was made to. */
export function referredByPage({ referrer, host }: Pick<RequestFacts, 'referrer' | 'host'>, slug: string): boolean {
  if (referrer === '') return false;
  try {
    const url = new URL(referrer);
    return normalHost(url.hostname) === host && url.pathname.toLowerCase() === `/${slug}`;
  } catch {
    return false;
  }
}

export interface Attribution {
  /** Remembers where a view came from (each view this node tracks). */
  remember(view: TrackedEvent): void;
  /** The acquisition of the view a click came through; null when it cannot be found. */
  sourceOf(via: ClickVia): Acquisition | null | Promise<Acquisition | null>;
}

/** Views remembered per node (about 200 bytes each, measured); beyond, the database answers. */
const CACHED_VIEWS = 20_000;
const LOOKUP_TIMEOUT_MS = 250;

export function createAttribution(database: Database): Attribution {
  const byView = new LRUCache<string, Acquisition>({ max: CACHED_VIEWS });

  const fromDatabase = async (viewId: string): Promise<Acquisition | null> => {
    const row = await database.db.selectFrom('events').select(ACQUISITION_FIELDS).where('event_id', '=', viewId).where('type', '=', 'view').executeTakeFirst();
    return (row as Acquisition | undefined) ?? null; // channel: stored as one of Channel
  };

  return {
    remember(view) {
      byView.set(view.event_id, acquisitionOf(view));
    },
    sourceOf({ viewId }) {
      return byView.get(viewId) ?? withTimeout(fromDatabase(viewId), LOOKUP_TIMEOUT_MS).catch(() => null);
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
