// The branded status pages: 404 (unknown link), 410 (an archived link, or one of an archived
// client) and 503 (the database is away and the link is not cached). The client's colours on its custom domain or under its smartlink, Duotrack's elsewhere.
import { DEFAULT_BRANDING, type Client } from '../tenants/client.js';
import { html } from './html.js';
import { layout, type PageTemplate } from './layout.js';
import { MESSAGES, type Lang } from './messages.js';
import { serviceIcon } from './service-icons.js';

export type StatusPage = 'not_found' | 'gone' | 'unavailable';

export function renderStatusPage(kind: StatusPage, client: Client | null, lang: Lang): PageTemplate {
  const m = MESSAGES[lang];
  const texts: Record<StatusPage, readonly [string, string]> = { not_found: [m.notFoundTitle, m.notFoundText], gone: [m.goneTitle, m.goneText], unavailable: [m.unavailableTitle, m.unavailableText] };
  const [title, text] = texts[kind];
  const body = html`<div class="status">${serviceIcon('')}<h1>${title}</h1><p class="artist">${text}</p></div>
<footer>${client?.name ?? 'Duotrack'}</footer>`;
  return layout({ lang, title, branding: client?.branding ?? DEFAULT_BRANDING, body });
}
