// The smartlink page: artwork, artist, title, one button per service, Open Graph and Twitter card
// tags, and Engine 2 (the page script, the configured tags, the consent banner). Plain HTML, one
// inline stylesheet, one inline script: nothing blocks the first paint.
import { SERVICES, serviceLabel } from '../links/services.js';
import type { Landing } from '../links/landing-lookup.js';
import { isHttpUrl } from '../links/url.js';
import { effectiveTags, type TagIds } from '../tenants/tags.js';
import { clickMask } from '../tracking/view-token.js';
import { BROWSER_ENGINE } from './browser-engine.js';
import { consentBanner, type ConsentChoice } from './consent.js';
import { html, jsonForScript, trusted } from './html.js';
import { layout, NONCE, NOSCRIPT, TOKEN, VIEW, type PageTemplate } from './layout.js';
import { MESSAGES, type Lang } from './messages.js';
import { cspSources, type CspSources } from './security-headers.js';

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
 * The page of a landing, rendered once per (landing, origin, language) and kept as long as the
 * lookup cache keeps that landing object. `origin` is scheme://host, for absolute Open Graph URLs.
 */
export function renderedLanding(landing: Landing, origin: string, lang: Lang): RenderedLanding {
  let variants = rendered.get(landing);
  if (!variants) rendered.set(landing, (variants = new Map()));
  const key = `${lang} ${origin}`;
  let page = variants.get(key);
  if (!page) {
    if (variants.size >= 16) variants.clear(); // a client sending many Host values cannot grow it
    variants.set(key, (page = renderPage(landing, origin, lang)));
  }
  return page;
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

function renderPage({ client, smartlink }: Landing, origin: string, lang: Lang): RenderedLanding {
  const m = MESSAGES[lang];
  const tags = effectiveTags(client.tracking, smartlink.tracking);
  const hasTags = Object.keys(tags).length > 0;
  const name = `${smartlink.artistName} – ${smartlink.trackTitle}`;
  const labels = smartlink.services.map((s) => serviceLabel(s.service, s.label));
  const description = `Listen to ${smartlink.trackTitle} by ${smartlink.artistName} on ${labels.slice(0, 3).join(', ')}${labels.length > 3 ? ' and more' : ''}.`;
  const url = `${origin}/${smartlink.slug}`;
  const artwork = absoluteImage(smartlink.artworkUrl, origin);
  const pageConfig = {
    slug: smartlink.slug,
    smartlink_id: smartlink.id,
    artist_name: smartlink.artistName,
    track_title: smartlink.trackTitle,
    click_masks: Object.fromEntries(smartlink.services.map((s) => [s.service, clickMask(s.service)])),
    tags: { gtm: tags.gtm ?? null, ga4: tags.ga4 ?? null, facebook: tags.facebook ?? null, tiktok: tags.tiktok ?? null },
  };

  const head = html`
<meta name="description" content="${description}"><link rel="canonical" href="${url}">
<meta property="og:type" content="music.song"><meta property="og:site_name" content="${client.name}">
<meta property="og:title" content="${name}"><meta property="og:description" content="${description}"><meta property="og:url" content="${url}">
${artwork && html`<meta property="og:image" content="${artwork}"><meta name="twitter:image" content="${artwork}">`}
<meta name="twitter:card" content="${artwork ? 'summary_large_image' : 'summary'}"><meta name="twitter:title" content="${name}"><meta name="twitter:description" content="${description}">
<script type="application/json" id="dt-page">${jsonForScript(pageConfig)}</script><script type="application/json" id="dt-view">${VIEW}</script>
<script nonce="${NONCE}">${trusted(BROWSER_ENGINE)}</script>`;

  const cta = { Play: m.play, Buy: m.buy, Open: m.open };
  const buttons = smartlink.services.map(
    (s, i) => html`<li><a href="/${smartlink.slug}/${s.service}?v=${TOKEN}" rel="nofollow" data-service="${s.service}"><span>${labels[i]}</span><span class="cta">${cta[SERVICES[s.service]?.action ?? 'Open']}</span></a></li>`,
  );

  const body = html`${artwork ? html`<img class="art" src="${artwork}" alt="${`Artwork of ${smartlink.trackTitle} by ${smartlink.artistName}`}" width="320" height="320" fetchpriority="high">` : null}
<h1>${smartlink.trackTitle}</h1><p class="artist">${smartlink.artistName}</p>
<ul>${buttons}</ul>
<footer>${client.name} · <a href="/privacy/${smartlink.slug}">${m.privacy}</a></footer>`;

  const noscript = tags.gtm
    ? html`<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=${tags.gtm}" height="0" width="0" hidden></iframe></noscript>`.value
    : '';

  return {
    template: layout({ lang, title: name, branding: client.branding, head, body, beforeMain: NOSCRIPT, afterMain: hasTags ? consentBanner(m) : null }),
    tags,
    hasTags,
    csp: cspSources(tags, [smartlink.artworkUrl, client.branding.logo], client.settings),
    noscript,
  };
}

/** Artwork is an http(s) URL or one of this server's /assets/ files; Open Graph wants it absolute. */
function absoluteImage(url: string | null, origin: string): string | null {
  if (!url) return null;
  if (/^\/assets\/[\w.-]+$/.test(url)) return origin + url;
  return isHttpUrl(url) ? url : null;
}
