// The smartlink page: artwork, artist, title, one button per service, Open Graph and Twitter
// card tags. Plain HTML and one inline stylesheet: nothing blocks the first paint.
import { SERVICES, serviceLabel } from '../links/services.js';
import type { Landing } from '../links/landing-lookup.js';
import { isHttpUrl } from '../links/url.js';
import { html } from './html.js';
import { layout, type PageTemplate } from './layout.js';

const templates = new WeakMap<Landing, Map<string, PageTemplate>>();

/**
 * The page of a landing, rendered once per (landing, origin) and kept as long as the lookup
 * cache keeps that landing object. `origin` is scheme://host, for absolute Open Graph URLs.
 */
export function pageTemplate(landing: Landing, origin: string): PageTemplate {
  let byOrigin = templates.get(landing);
  if (!byOrigin) templates.set(landing, (byOrigin = new Map()));
  let template = byOrigin.get(origin);
  if (!template) {
    if (byOrigin.size >= 16) byOrigin.clear(); // a client sending many Host values cannot grow it
    byOrigin.set(origin, (template = renderPage(landing, origin)));
  }
  return template;
}

function renderPage({ client, smartlink }: Landing, origin: string): PageTemplate {
  const name = `${smartlink.artistName} – ${smartlink.trackTitle}`;
  const labels = smartlink.services.map((s) => serviceLabel(s.service, s.label));
  const description = `Listen to ${smartlink.trackTitle} by ${smartlink.artistName} on ${labels.slice(0, 3).join(', ')}${labels.length > 3 ? ' and more' : ''}.`;
  const url = `${origin}/${smartlink.slug}`;
  const artwork = absoluteImage(smartlink.artworkUrl, origin);

  const head = html`
<meta name="description" content="${description}"><link rel="canonical" href="${url}">
<meta property="og:type" content="music.song"><meta property="og:site_name" content="${client.name}">
<meta property="og:title" content="${name}"><meta property="og:description" content="${description}"><meta property="og:url" content="${url}">
${artwork && html`<meta property="og:image" content="${artwork}"><meta name="twitter:image" content="${artwork}">`}
<meta name="twitter:card" content="${artwork ? 'summary_large_image' : 'summary'}"><meta name="twitter:title" content="${name}"><meta name="twitter:description" content="${description}">`;

  const buttons = smartlink.services.map(
    (s, i) => html`<li><a href="/${smartlink.slug}/${s.service}" rel="nofollow" data-service="${s.service}"><span>${labels[i]}</span><span class="cta">${SERVICES[s.service]?.action ?? 'Open'}</span></a></li>`,
  );

  const body = html`${artwork ? html`<img class="art" src="${artwork}" alt="${`Artwork of ${smartlink.trackTitle} by ${smartlink.artistName}`}" width="320" height="320" fetchpriority="high">` : null}
<h1>${smartlink.trackTitle}</h1><p class="artist">${smartlink.artistName}</p>
<ul>${buttons}</ul>
<footer>${client.name}</footer>`;

  return layout({ title: name, branding: client.branding, head, body });
}

/** Artwork is an http(s) URL or one of this server's /assets/ files; Open Graph wants it absolute. */
function absoluteImage(url: string | null, origin: string): string | null {
  if (!url) return null;
  if (/^\/assets\/[\w.-]+$/.test(url)) return origin + url;
  return isHttpUrl(url) ? url : null;
}
