// Stand-ins for the third-party tag hosts (GTM, GA4, Meta, TikTok), for browser tests with no
// network (the streaming services are in services.ts). Each stub library RECORDS, in the page, what the page asked of
// it (window.__stub), the way the real library would have received it: the calls queued before it
// loaded, in order, then every later call. Each host can answer, be blocked, or hang.
import type { BrowserContext, Page, Route } from 'playwright-core';
import { SERVICE_HOSTS } from './services.js';

export type TagName = 'gtm' | 'ga4' | 'meta' | 'tiktok';
export const TAG_NAMES: readonly TagName[] = ['gtm', 'ga4', 'meta', 'tiktok'];

/** serve: the stub library answers; block: the request fails as an ad-blocker makes it fail; hang: no answer, ever. */
export type TagMode = 'serve' | 'block' | 'hang';
export type TagModes = Readonly<Record<TagName, TagMode>>;

export function tagModes(modes: TagMode | Partial<TagModes> = 'serve'): TagModes {
  if (typeof modes === 'string') return { gtm: modes, ga4: modes, meta: modes, tiktok: modes };
  return { gtm: 'serve', ga4: 'serve', meta: 'serve', tiktok: 'serve', ...modes };
}

/** Which tag library a URL is, if any. */
export function tagOf(url: URL): TagName | null {
  if (url.protocol !== 'https:') return null;
  if (url.hostname === 'www.googletagmanager.com' && url.pathname === '/gtm.js') return 'gtm';
  if (url.hostname === 'www.googletagmanager.com' && url.pathname === '/gtag/js') return 'ga4';
  if (url.hostname === 'connect.facebook.net' && /^\/[a-z]{2}_[A-Z]{2}\/fbevents\.js$/.test(url.pathname)) return 'meta';
  if (url.hostname === 'analytics.tiktok.com' && url.pathname === '/i18n/pixel/events.js') return 'tiktok';
  return null;
}

// The stub libraries. They only record; `__stub` is created by STUB_INIT_SCRIPT (or here, when the
// init script did not run).
const STUB_PRELUDE = `var s = window.__stub = window.__stub || { fbq: [], ttq: [], ttqLoads: [], pageshows: [] };`;

const STUB_LIBRARIES: Readonly<Record<TagName, string>> = {
  gtm: `(function(){ ${STUB_PRELUDE} s.gtmLoaded = true; s.gtmSrc = document.currentScript && document.currentScript.src; })();`,
  ga4: `(function(){ ${STUB_PRELUDE} s.gtagLoaded = true; s.gtagSrc = document.currentScript && document.currentScript.src; })();`,
  // As fbevents.js does: drain fbq.queue in order, then take over fbq.callMethod.
  meta: `(function(){ ${STUB_PRELUDE}
    s.fbqLoaded = true;
    var f = window.fbq;
    if (!f) { s.fbqMissing = true; return; }
    var record = function (args) { var call = Array.prototype.slice.call(args); s.fbq.push(call); if (s.emit) s.emit('fbq', call); };
    var queued = f.queue || [];
    for (var i = 0; i < queued.length; i++) record(queued[i]);
    f.queue = [];
    f.callMethod = function () { record(arguments); };
  })();`,
  // As events.js does: find the queue through window.TiktokAnalyticsObject (the "lib" of its own
  // URL), its pixel's entry by the "sdkid" of that URL (ttq._i[id] with _u, ttq._t[id], ttq._o[id]:
  // what TikTok's base code sets), read the queued [method, ...args] entries in order, then replace
  // the methods. Without any of those, nothing is recorded (ttqMissing says what was missing).
  tiktok: `(function(){ ${STUB_PRELUDE}
    s.ttqLoaded = true;
    var url = new URL(document.currentScript.src), id = url.searchParams.get('sdkid'), name = window.TiktokAnalyticsObject, q = name && window[name];
    var missing = !name ? 'window.TiktokAnalyticsObject' : name !== url.searchParams.get('lib') ? 'lib=' + name : !q ? 'window.' + name
      : !(q._i && q._i[id]) ? '_i[sdkid]' : q._i[id]._u !== url.origin + url.pathname ? '_i[sdkid]._u' : !(q._t && q._t[id]) ? '_t[sdkid]' : !(q._o && q._o[id]) ? '_o[sdkid]' : null;
    if (missing) { s.ttqMissing = missing; return; }
    var record = function (call) { s.ttq.push(call); if (s.emit) s.emit('ttq', call); };
    for (var i = 0; i < q.length; i++) record(Array.prototype.slice.call(q[i]));
    q.length = 0;
    var methods = (q.methods || []).concat(['page', 'track', 'identify', 'holdConsent', 'revokeConsent', 'grantConsent']);
    methods.forEach(function (m) { q[m] = function () { record([m].concat(Array.prototype.slice.call(arguments))); }; });
  })();`,
};

/**
 * Runs in every document before the page's own scripts. Creates window.__stub, notes every
 * pageshow (persisted = restored from the back/forward cache), notes the order of ttq.load against
 * the ttq queue (the base code's load is not queued), and mirrors each dataLayer push and each call
 * a stub library records to the test through the `__e2eEmit` binding, so that what a page did just
 * before it navigated away is not lost with it.
 */
export const STUB_INIT_SCRIPT = `(() => {
  if (window.__stub) return;
  const s = window.__stub = { fbq: [], ttq: [], ttqLoads: [], pageshows: [] };
  addEventListener('pageshow', (e) => s.pageshows.push({ persisted: e.persisted }));

  const clone = (v, depth) => {
    if (depth > 6) return '[deep]';
    if (v instanceof Date) return { $date: v.getTime() };
    if (typeof v === 'function') return '[function]';
    if (Array.isArray(v) || Object.prototype.toString.call(v) === '[object Arguments]') return Array.from(v, (x) => clone(x, depth + 1));
    if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = clone(v[k], depth + 1); return o; }
    return v;
  };
  s.clone = clone;
  s.emit = (kind, value) => { try { window.__e2eEmit && window.__e2eEmit(location.href, kind, clone(value, 0)); } catch {} };

  const watchDataLayer = (dl) => {
    if (!Array.isArray(dl) || dl.__e2eWatched) return;
    Object.defineProperty(dl, '__e2eWatched', { value: true });
    const push = dl.push;
    Object.defineProperty(dl, 'push', { configurable: true, writable: true, enumerable: false, value: function (...entries) {
      for (const e of entries) s.emit('dataLayer', Object.prototype.toString.call(e) === '[object Arguments]' ? { gtag: e } : { push: e });
      return push.apply(this, entries);
    } });
  };
  let dataLayer = window.dataLayer;
  Object.defineProperty(window, 'dataLayer', { configurable: true, enumerable: true, get: () => dataLayer, set: (v) => { dataLayer = v; watchDataLayer(v); } });

  let ttq = window.ttq;
  const watchTtq = (q) => {
    if (!q || typeof q !== 'object' || q.__e2eWatched) return;
    Object.defineProperty(q, '__e2eWatched', { value: true });
    let load = q.load;
    const wrapped = function (...args) {
      s.ttqLoads.push({ id: args[0], queuedBefore: Array.from(q, (e) => (Array.isArray(e) ? e[0] : null)) });
      return load && load.apply(this, args);
    };
    Object.defineProperty(q, 'load', { configurable: true, enumerable: false, get: () => wrapped, set: (fn) => { load = fn; } });
  };
  Object.defineProperty(window, 'ttq', { configurable: true, enumerable: true, get: () => ttq, set: (v) => { ttq = v; watchTtq(v); } });
})();`;

export interface TagRequest {
  readonly tag: TagName;
  readonly url: string;
  readonly mode: TagMode;
}

export interface TagRouting {
  /** Every tag library the pages asked for, in order, and what it got. */
  readonly requests: TagRequest[];
  /** Every other third-party URL a page asked for (aborted; services pass through to the service server). */
  readonly others: string[];
  /** Every dataLayer push seen through the mirror, in order, with the page URL. */
  readonly dataLayerLog: { url: string; entry: DataLayerEntry }[];
  /** Every call the Meta and TikTok stub libraries recorded, in order, with the page URL. */
  readonly pixelLog: { url: string; pixel: 'fbq' | 'ttq'; call: readonly unknown[] }[];
  /** Lets hanging requests fail, so that nothing stays pending once a test is done. */
  release(): Promise<void>;
}

/**
 * Routes every request that is not for `serverOrigin`: tag hosts by `modes`, the service hosts
 * through (Chromium maps them to the local service server), anything else aborted. Also installs
 * STUB_INIT_SCRIPT and the dataLayer mirror.
 */
export async function installTagRoutes(context: BrowserContext, serverOrigin: string, modes: TagModes): Promise<TagRouting> {
  const requests: TagRequest[] = [];
  const others: string[] = [];
  const dataLayerLog: { url: string; entry: DataLayerEntry }[] = [];
  const pixelLog: { url: string; pixel: 'fbq' | 'ttq'; call: readonly unknown[] }[] = [];
  const hanging: Route[] = [];

  await context.exposeBinding('__e2eEmit', (_source, url: string, kind: 'dataLayer' | 'fbq' | 'ttq', value: unknown) => {
    if (kind === 'dataLayer') dataLayerLog.push({ url, entry: toEntry(value as RawEntry) });
    else pixelLog.push({ url, pixel: kind, call: value as unknown[] });
  });
  await context.addInitScript({ content: STUB_INIT_SCRIPT });
  await context.route(
    (url) => url.origin !== serverOrigin,
    async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const tag = tagOf(url);
      if (tag) {
        const mode = modes[tag];
        requests.push({ tag, url: url.href, mode });
        if (mode === 'serve') return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: STUB_LIBRARIES[tag] });
        if (mode === 'block') return route.abort('blockedbyclient');
        hanging.push(route); // hang: answered by nobody until release()
        return;
      }
      others.push(url.href);
      if (url.protocol === 'https:' && SERVICE_HOSTS.includes(url.hostname)) return route.continue();
      return route.abort('blockedbyclient');
    },
  );

  return {
    requests,
    others,
    dataLayerLog,
    pixelLog,
    async release() {
      const pending = hanging.splice(0);
      await Promise.all(pending.map((r) => r.abort('timedout').catch(() => undefined)));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading what the page did.

/** A dataLayer entry: gtag(...) calls push an Arguments object, everything else is a plain object. */
export type DataLayerEntry = { readonly kind: 'gtag'; readonly args: readonly unknown[] } | { readonly kind: 'push'; readonly value: Readonly<Record<string, unknown>> };

type RawEntry = { gtag: unknown[] } | { push: Record<string, unknown> };

function toEntry(raw: RawEntry): DataLayerEntry {
  return 'gtag' in raw ? { kind: 'gtag', args: raw.gtag } : { kind: 'push', value: raw.push };
}

export interface StubState {
  readonly gtmLoaded?: boolean;
  readonly gtagLoaded?: boolean;
  readonly fbqLoaded?: boolean;
  readonly ttqLoaded?: boolean;
  /** What the TikTok stub could not find that the real events.js needs (its queue was then not read). */
  readonly ttqMissing?: string;
  readonly gtmSrc?: string;
  readonly gtagSrc?: string;
  /** fbq calls as the library received them: queued ones first, in order, then later ones. */
  readonly fbq: readonly (readonly unknown[])[];
  /** ttq calls as [method, ...args]: queued ones first, in order, then later ones. */
  readonly ttq: readonly (readonly unknown[])[];
  /** Each ttq.load(id) call with the methods already queued at that moment. */
  readonly ttqLoads: readonly { readonly id: unknown; readonly queuedBefore: readonly unknown[] }[];
  readonly pageshows: readonly { readonly persisted: boolean }[];
}

export interface PageTagState {
  readonly dataLayer: readonly DataLayerEntry[] | null;
  readonly stub: StubState;
  /** Calls still waiting in fbq.queue / the ttq array (the library never loaded). */
  readonly fbqQueue: readonly (readonly unknown[])[] | null;
  readonly ttqQueue: readonly (readonly unknown[])[] | null;
}

/** A snapshot of window.dataLayer, window.__stub and the pixel queues, with Dates as {$date: ms}. */
export async function readTagState(page: Page): Promise<PageTagState> {
  const raw = await page.evaluate(() => {
    const w = window as unknown as {
      __stub: Record<string, unknown> & { clone: (v: unknown, depth: number) => unknown; emit: unknown };
      dataLayer?: unknown[];
      fbq?: { queue?: unknown[] };
      ttq?: unknown[];
    };
    const clone = w.__stub.clone;
    const { clone: _clone, emit: _emit, ...stub } = w.__stub;
    return {
      dataLayer: Array.isArray(w.dataLayer)
        ? w.dataLayer.map((e) => (Object.prototype.toString.call(e) === '[object Arguments]' ? { gtag: clone(e, 0) } : { push: clone(e, 0) }))
        : null,
      stub: clone(stub, 0),
      fbqQueue: w.fbq?.queue ? clone(w.fbq.queue, 0) : null,
      ttqQueue: Array.isArray(w.ttq) ? clone(Array.from(w.ttq), 0) : null,
    };
  });
  return {
    dataLayer: raw.dataLayer ? (raw.dataLayer as RawEntry[]).map(toEntry) : null,
    stub: raw.stub as StubState,
    fbqQueue: raw.fbqQueue as unknown[][] | null,
    ttqQueue: raw.ttqQueue as unknown[][] | null,
  };
}

/** The gtag(...) calls of a dataLayer, as argument arrays. */
export function gtagCalls(dataLayer: readonly DataLayerEntry[]): (readonly unknown[])[] {
  return dataLayer.flatMap((e) => (e.kind === 'gtag' ? [e.args] : []));
}

/** The first plain push with `event === name`. */
export function pushedEvent(dataLayer: readonly DataLayerEntry[], name: string): Readonly<Record<string, unknown>> | undefined {
  for (const e of dataLayer) if (e.kind === 'push' && e.value.event === name) return e.value;
  return undefined;
}

/** Index in the dataLayer of the first entry matching `test`, -1 if none. */
export function indexOfEntry(dataLayer: readonly DataLayerEntry[], test: (e: DataLayerEntry) => boolean): number {
  return dataLayer.findIndex(test);
}

export const isGtag =
  (...prefix: unknown[]) =>
  (e: DataLayerEntry): boolean =>
    e.kind === 'gtag' && prefix.every((p, i) => e.args[i] === p);

export const isPush =
  (event: string) =>
  (e: DataLayerEntry): boolean =>
    e.kind === 'push' && e.value.event === event;
