// Where fans open a smartlink: the client's custom domain when it has one, else this host.
import type { Client } from '../api/types';

export function publicUrl(client: Pick<Client, 'domain' | 'settings'>, slug: string): string {
  const origin = client.domain && client.settings.allowCustomDomains ? `https://${client.domain}` : window.location.origin;
  return `${origin}/${encodeURIComponent(slug)}`;
}
