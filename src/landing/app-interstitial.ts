// The page between an iOS in-app browser's tap and the service's app (app-open.ts): it navigates to
// the app's own URI at once and, if the page is still showing FALLBACK_MS later (no app took the
// URI: not installed, or the in-app browser refused), replaces itself with the web URL. A fan who
// comes back from the app finds the app again, the web, and "Not <service>? Show all services":
// the smartlink's page with `?choose`, shown even when the fan's remembered service would skip it
// (preferred-service.ts). Without JavaScript, a meta refresh goes to the web at once. It loads nothing from anywhere (CSP: the nonce, no host).
import type { Client } from '../tenants/client.js';
import { html, jsonForScript, trusted } from './html.js';
import { layout, NONCE, type PageTemplate } from './layout.js';
import { MESSAGES, type Lang } from './messages.js';

/** How long the page waits for the app before going to the web. */
export const FALLBACK_MS = 1500;

const SCRIPT = `(function () {
  var d = document, o = JSON.parse(d.getElementById('dt-open').textContent), left = false;
  function away() { if (d.hidden) left = true; }
  d.addEventListener('visibilitychange', away);
  window.addEventListener('pagehide', function () { left = true; });
  setTimeout(function () { if (!left && !d.hidden) location.replace(o.web); }, o.wait);
  location.href = o.app;
})();`;

/** `allServices`: the smartlink's page that lists every service (`/<slug>?choose`). */
export function renderAppInterstitial(client: Pick<Client, 'branding'>, lang: Lang, service: string, appUri: string, web: string, allServices: string): PageTemplate {
  const m = MESSAGES[lang];
  const head = html`<meta name="robots" content="noindex"><noscript><meta http-equiv="refresh" content="${`0;url=${web}`}"></noscript>
<script type="application/json" id="dt-open">${jsonForScript({ app: appUri, web, wait: FALLBACK_MS })}</script>
<script nonce="${NONCE}">${trusted(SCRIPT)}</script>`;
  const body = html`<h1>${service}</h1><p role="status">${m.openingApp}</p>
<p><a href="${appUri}">${m.openApp}</a></p><p><a href="${web}" rel="nofollow">${m.continueWeb}</a></p>
<p><a href="${allServices}">${m.notService(service)}</a></p>`;
  return layout({ lang, title: service, branding: client.branding, head, body });
}
