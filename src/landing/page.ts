// The smartlink page: artwork (its backdrop behind the top of the page), artist, title, one row per
// service (its logo, its name, a button saying what it does: Play, Buy, Download, Open, or
// Pre-order before the release date), Open Graph and Twitter card tags, and Engine 2 (the page
// script, the configured tags, the consent banner). Plain HTML, one inline stylesheet, one inline
// script, logos inline: nothing blocks the first paint, nothing is asked of another host but the
// configured tags.
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
}

const rendered = new WeakMap<Landing, Map<string, RenderedLanding>>();

/**
 * The page of a landing, rendered once per (landing, origin, language, services shown, released or
 * not) and kept as long as the lookup cache keeps that landing object. `origin` is scheme://host,
 * for absolute Open Graph URLs. `services`: those this fan sees, in order (links/routing.ts); a
 * smartlink has a few such lists (one per matching rule and hidden set). The release date passing
 * changes the key: the buttons then stop saying Pre-order.
 */
export function renderedLanding(landing: Landing, origin: string, lang: Lang, services: readonly ServiceLink[] = landing.smartlink.services, now: number = Date.now()): RenderedLanding {
  let variants = rendered.get(landing);
  if (!variants) rendered.set(landing, (variants = new Map()));
  const released = isReleased(landing.smartlink.releaseDate, now);
  const key = `${lang} ${origin} ${released ? 'out' : 'pre'} ${servicesSignature(services)}`;
  let page = variants.get(key);
  if (!page) {
    if (variants.size >= 64) variants.clear(); // a client sending many Host values cannot grow it
    variants.set(key, (page = renderPage(landing, services, origin, lang, released)));
  }
  return page;
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
function renderPage({ client, smartlink }: Landing, services: readonly ServiceLink[], origin: string, lang: Lang, released: boolean): RenderedLanding {
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
<footer>${client.name} · <a href="/privacy/${smartlink.slug}">${m.privacy}</a></footer>`;

  const noscript = tags.gtm
    ? html`<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=${tags.gtm}" height="0" width="0" hidden></iframe></noscript>`.value
    : '';

  return {
    template: layout({ lang, title: name, branding: client.branding, head, body, beforeMain: NOSCRIPT, afterMain: hasTags ? consentBanner(m) : null, backdrop: art && { image: art.backdrop, colour: art.color } }),
    tags,
    hasTags,
    csp: cspSources(tags, [art ? null : smartlink.artworkUrl, client.branding.logo], client.settings), // a copied artwork is 'self'
    noscript,
  };
}

/** Artwork is an http(s) URL or one of this server's /assets/ files; Open Graph wants it absolute. */
function absoluteImage(url: string | null, origin: string): string | null {
  if (!url) return null;
  if (/^\/assets\/[\w.-]+$/.test(url)) return origin + url;
  return isHttpUrl(url) ? url : null;
}
