// The branded 404: the client's colours on its custom domain or under its smartlink, Duotrack's elsewhere.
import { DEFAULT_BRANDING, type Client } from '../tenants/client.js';
import { html } from './html.js';
import { layout, type PageTemplate } from './layout.js';
import { MESSAGES, type Lang } from './messages.js';

export function renderNotFound(client: Client | null, lang: Lang): PageTemplate {
  const m = MESSAGES[lang];
  const body = html`<h1>${m.notFoundTitle}</h1><p class="artist">${m.notFoundText}</p>
<footer>${client?.name ?? 'Duotrack'}</footer>`;
  return layout({ lang, title: m.notFoundTitle, branding: client?.branding ?? DEFAULT_BRANDING, body });
}
