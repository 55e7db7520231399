// The branded 404: the client's colours on its custom domain or under its smartlink, Duotrack's elsewhere.
import { DEFAULT_BRANDING, type Client } from '../tenants/client.js';
import { html } from './html.js';
import { layout, type PageTemplate } from './layout.js';

export function renderNotFound(client: Client | null): PageTemplate {
  const body = html`<h1>This link doesn’t exist</h1><p class="artist">It may have been mistyped, or the release is no longer available.</p>
<footer>${client?.name ?? 'Duotrack'}</footer>`;
  return layout({ title: 'Link not found', branding: client?.branding ?? DEFAULT_BRANDING, body });
}
