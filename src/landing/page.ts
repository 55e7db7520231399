// The smartlink page: artwork (its backdrop behind the top of the page), artist, title, one row per
// service (its logo, its name, a button saying what it does: Play, Buy, Download, Open, or
// Pre-order before the release date), Open Graph and Twitter card tags, and Engine 2 (the page
// script, the configured tags, the consent banner). Plain HTML, one inline stylesheet, one inline
// script, logos inline: nothing blocks the first paint, nothing is asked of another host but the
// configured tags.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { artworkImage } from '../artwork/urls.js';
import { SERVICES, serviceLabel, type ServiceAction } from '../links/services.js';
import type { Landing } from '../links/landing-lookup.js';
import { servicesSignature } from '../links/routing.js';
import type { ServiceLink } from '../links/smartlink.js';
import { isHttpUrl } from '../links/url.js';
import { effectiveTags, type TagIds } from '../tenants/tags.js';
import { clickMask } from '../tracking/view-token.js';
import { BROWSER_ENGINE } from './browser-engine.js';
import { consentBanner, type ConsentChoice } from './consent.js';
import { html, jsonForScript, trusted } from './html.js';
import { layout, NONCE, NOSCRIPT, TOKEN, VIEW, type PageTemplate } from './layout.js';
import { MESSAGES, type Lang, type Messages } from './messages.js';
import { cspSources, type CspSources } from './security-headers.js';
import { serviceIcon } from './service-icons.js';

export interface RenderedLanding {
  readonly template: PageTemplate;
  readonly tags: TagIds;
  readonly hasTags: boolean;
  readonly csp: CspSources;
  /** GTM's <noscript> iframe, for the NOSCRIPT slot of a visitor who needs no consent ('' without GTM). */
  readonly noscript: string;
  /** The page has the form that forgets the remembered service (it posts to this host: CSP form-action 'self'). */
  readonly forgets: boolean;
}

/** What a page varies by, besides its landing. */
export interface PageVariant {
  /** scheme://host, for absolute Open Graph URLs. */
  readonly origin: string;
  readonly lang: Lang;
  /** Those this fan sees, in order (links/routing.ts); the smartlink's own list by default. */
  readonly services?: readonly ServiceLink[];
  /** The service this fan's device remembers (preferred-service.ts), null for none: the page then offers to forget it. */
  readonly preferred?: string | null;
}

/**
 * Rendered pages, all landings together, within a byte budget (least recently used go first). A
 * page is about 25 KB; 32 MB keeps some 1,300 variants, whatever the number of hosts (any Host
 * serves any slug), languages, service lists or release states a client sends. The budget is
 * what bounds memory, not a count per landing.
 */
export const RENDER_CACHE_BYTES = 32 * 1024 * 1024;

export interface RenderCache {
  /** The page of `landing` for this variant: rendered on a miss, else the one kept. */
  get(landing: Landing, variant: PageVariant, now?: number): RenderedLanding;
  /** Bytes held (the pages' bytes and their keys), at most `maxBytes`. */
  readonly bytes: number;
  readonly size: number;
}

/**
 * The key of a landing's content: a hash of the smartlink and client as loaded, computed once per
 * landing object (the lookup makes a new one when it reloads), with its release instant. Any change a page shows (a
 * smartlink edit, its artwork copied, the client's branding, name, tags or settings) changes it,
 * so a page is never served stale; landings with the same content share their pages.
 */
const memos = new WeakMap<Landing, { readonly content: string; readonly releaseAt: number }>();
function memoOf(landing: Landing) {
  let memo = memos.get(landing);
  if (memo === undefined) {
    const content = createHash('sha256').update(JSON.stringify(landing)).digest('base64url').slice(0, 22);
    const date = landing.smartlink.releaseDate;
    memos.set(landing, (memo = { content, releaseAt: date === null ? -Infinity : Date.parse(`${date}T00:00:00Z`) }));
  }
  return memo;
}

/** The bytes a rendered page holds in memory, with its key (UTF-16). */
function pageBytes(page: RenderedLanding, key: string): number {
  let bytes = 2 * key.length + page.noscript.length + 256;
  for (const part of page.template) bytes += typeof part === 'string' ? 8 : part.length;
  return bytes;
}

export function createRenderCache(maxBytes: number): RenderCache {
  const pages = new LRUCache<string, RenderedLanding>({ maxSize: maxBytes, sizeCalculation: pageBytes });
  return {
    get(landing, { origin, lang, services = landing.smartlink.services, preferred = null }, now = Date.now()) {
      const { content, releaseAt } = memoOf(landing);
      const released = !(now < releaseAt); // isReleased(), without formatting a date per request (NaN for a malformed date: out)
      const key = `${content} ${lang} ${released ? 'out' : 'pre'} ${preferred ?? '-'} ${servicesSignature(services)} ${origin}`;
      let page = pages.get(key);
      if (!page) pages.set(key, (page = renderPage(landing, services, origin, lang, released, preferred)));
      return page;
    },
    get bytes() {
      return pages.calculatedSize;
    },
    get size() {
      return pages.size;
    },
  };
}

const rendered = createRenderCache(RENDER_CACHE_BYTES);

/**
 * The page of a landing for this fan (rendered once per landing content, origin, language,
 * services shown, remembered service, released or not; kept in one cache of RENDER_CACHE_BYTES).
 * The release date passing changes the key: the buttons then stop saying Pre-order.
 */
export function renderedLanding(landing: Landing, variant: PageVariant, now: number = Date.now()): RenderedLanding {
  return rendered.get(landing, variant, now);
}

/** Out from 00:00 UTC on its release date; a smartlink without one is out. */
export function isReleased(releaseDate: string | null, now: number): boolean {
  return releaseDate === null || releaseDate <= new Date(now).toISOString().slice(0, 10);
}

/** The button's words: what the service does, "Pre-order" for streams and sales before the release. */
export function callToAction(action: ServiceAction, released: boolean, m: Messages): string {
  if (!released && (action === 'Play' || action === 'Buy')) return m.preOrder;
  return { Play: m.play, Buy: m.buy, Download: m.download, Open: m.open }[action];
}

/** What the page script needs about this view, filled into the template per response. */
export interface ViewConfig {
  readonly v: string; // signed view token
  readonly event_id: string;
  readonly session_id: string | null;
  readonly consent: { readonly required: boolean; readonly choice: ConsentChoice | null };
  /** The fan opted out: the page loads none of the client's tags. */
  readonly opt_out: boolean;
}

export function viewJson(view: ViewConfig): string {
  return jsonForScript(view).value;
}

/** `services`: the ones this page shows, in order (the smartlink's, as routing.ts picks them for the fan). */
function renderPage({ client, smartlink }: Landing, services: readonly ServiceLink[], origin: string, lang: Lang, released: boolean, preferred: string | null): RenderedLanding {
  const m = MESSAGES[lang];
  const tags = effectiveTags(client.tracking, smartlink.tracking);
  const hasTags = Object.keys(tags).length > 0;
  const name = `${smartlink.artistName} – ${smartlink.trackTitle}`;
  const labels = services.map((s) => serviceLabel(s.service, s.label));
  const description = `Listen to ${smartlink.trackTitle} by ${smartlink.artistName} on ${labels.slice(0, 3).join(', ')}${labels.length > 3 ? ' and more' : ''}.`;
  const url = `${origin}/${smartlink.slug}`;
  const artwork = absoluteImage(smartlink.artworkUrl, origin);
  const art = artworkImage(smartlink, origin); // Duotrack's copy (src/artwork/), once ingested
  const alt = `Artwork of ${smartlink.trackTitle} by ${smartlink.artistName}`;
  const pageConfig = {
    slug: smartlink.slug,
    smartlink_id: smartlink.id,
    artist_name: smartlink.artistName,
    track_title: smartlink.trackTitle,
    click_masks: Object.fromEntries(services.map((s) => [s.service, clickMask(s.service)])),
    tags: { gtm: tags.gtm ?? null, ga4: tags.ga4 ?? null, facebook: tags.facebook ?? null, tiktok: tags.tiktok ?? null },
  };

  const head = html`
<meta name="description" content="${description}"><link rel="canonical" href="${url}">
<meta property="og:type" content="music.song"><meta property="og:site_name" content="${client.name}">
<meta property="og:title" content="${name}"><meta property="og:description" content="${description}"><meta property="og:url" content="${url}">
${art
  ? html`<meta property="og:image" content="${art.og.url}"><meta property="og:image:type" content="${art.og.type}"><meta property="og:image:width" content="${art.og.width}"><meta property="og:image:height" content="${art.og.height}"><meta property="og:image:alt" content="${alt}"><meta name="twitter:image" content="${art.og.url}"><meta name="twitter:image:alt" content="${alt}">`
  : artwork && html`<meta property="og:image" content="${artwork}"><meta name="twitter:image" content="${artwork}">`}
<meta name="twitter:card" content="${artwork ? 'summary_large_image' : 'summary'}"><meta name="twitter:title" content="${name}"><meta name="twitter:description" content="${description}">
<script type="application/json" id="dt-page">${jsonForScript(pageConfig)}</script><script type="application/json" id="dt-view">${VIEW}</script>
<script nonce="${NONCE}">${trusted(BROWSER_ENGINE)}</script>`;

  const buttons = services.map(
    (s, i) =>
      html`<li><a href="/${smartlink.slug}/${s.service}?v=${TOKEN}" rel="nofollow" data-service="${s.service}">${serviceIcon(s.service)}<span class="name">${labels[i]}</span><span class="cta">${callToAction(SERVICES[s.service]?.action ?? 'Open', released, m)}</span></a></li>`,
  );

  const body = html`${art
    ? html`<img class="art" src="${art.src}" srcset="${art.srcset}" sizes="${art.sizes}" alt="${alt}" width="${art.width}" height="${art.height}" fetchpriority="high">`
    : artwork && html`<img class="art" src="${artwork}" alt="${alt}" width="320" height="320" fetchpriority="high">`}
<h1>${smartlink.trackTitle}</h1><p class="artist">${smartlink.artistName}</p>
<ul class="svc">${buttons}</ul>
<p class="remember" hidden><label><input type="checkbox" id="dt-remember"> ${m.rememberChoice}</label></p>
${preferred !== null ? forgetForm(smartlink.slug, serviceLabel(preferred, smartlink.services.find((s) => s.service === preferred)?.label), m) : null}
<footer>${client.name} · <a href="/privacy/${smartlink.slug}">${m.privacy}</a></footer>`;

  const noscript = tags.gtm
    ? html`<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=${tags.gtm}" height="0" width="0" hidden></iframe></noscript>`.value
    : '';

  return {
    forgets: preferred !== null,
    template: layout({ lang, title: name, branding: client.branding, head, body, beforeMain: NOSCRIPT, afterMain: hasTags ? consentBanner(m) : null, backdrop: art && { image: art.backdrop, colour: art.color } }),
    tags,
    hasTags,
    csp: cspSources(tags, [art ? null : smartlink.artworkUrl, client.branding.logo], client.settings), // a copied artwork is 'self'
    noscript,
  };
}

/**
 * Shown while the fan's device remembers a service (a fan who took the `?choose` way back, or whose
 * service is not on this page): what is remembered, and a button that forgets it at once (the
 * privacy page's own form, which then says it is done and links back here).
 */
function forgetForm(slug: string, service: string, m: Messages) {
  return html`<form class="remember" method="post" action="/privacy/${slug}/forget-service">${m.rememberedService(service)} <button type="submit">${m.forgetService}</button></form>`;
}

/** Artwork is an http(s) URL or one of this server's /assets/ files; Open Graph wants it absolute. */
function absoluteImage(url: string | null, origin: string): string | null {
  if (!url) return null;
  if (/^\/assets\/[\w.-]+$/.test(url)) return origin + url;
  return isHttpUrl(url) ? url : null;
}
