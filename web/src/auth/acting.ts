// Which client a user on several clients acts for, sent on every API request (X-Duotrack-Client):
// the client whose pages are open (/app/clients/<id>…) when the user is on it, else the last one
// opened in this tab, else none (the server then acts for their first client). Master ignores it.
import { BASE } from '../app/router';

const STORAGE_KEY = 'duotrack.actingClient';
let memberClients: readonly string[] = [];

/** The clients the signed-in user is on (none for master, or once signed out). */
export function setMemberClients(ids: readonly string[]): void {
  memberClients = ids;
}

/** The client the pages at `path` (inside /app) act for; null: the user's first client. */
export function actingClientAt(path: string): string | null {
  const opened = /^\/clients\/([^/]+)/.exec(path)?.[1];
  if (opened !== undefined && memberClients.includes(opened)) {
    sessionStorage.setItem(STORAGE_KEY, opened);
    return opened;
  }
  const last = sessionStorage.getItem(STORAGE_KEY);
  return last !== null && memberClients.includes(last) ? last : null;
}

/** The client the current page acts for, for the API client's header. */
export function actingClient(): string | null {
  const path = window.location.pathname;
  return actingClientAt(path.startsWith(BASE) ? path.slice(BASE.length) || '/' : path);
}
