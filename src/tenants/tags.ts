// The ad-platform tags of a client (GTM, GA4, Meta Pixel, TikTok Pixel): formats checked when
// saved, and the tags a smartlink actually carries once its own override is applied.

export type TagName = 'gtm' | 'ga4' | 'facebook' | 'tiktok';
export const TAG_NAMES: readonly TagName[] = ['gtm', 'ga4', 'facebook', 'tiktok'];

/** Formats of the ids each platform issues. Anything else is refused on save. */
export const TAG_FORMATS: Readonly<Record<TagName, { readonly pattern: RegExp; readonly example: string }>> = {
  gtm: { pattern: /^GTM-[A-Z0-9]{4,12}$/, example: 'GTM-ABC1234' },
  ga4: { pattern: /^G-[A-Z0-9]{4,16}$/, example: 'G-ABCDE12345' },
  facebook: { pattern: /^\d{5,20}$/, example: '123456789012345' },
  tiktok: { pattern: /^[A-Z0-9]{10,30}$/, example: 'CABCDEFGHIJ1234567890' },
};

export type TagIds = Readonly<Partial<Record<TagName, string>>>;

/** Per smartlink: a string replaces the client's id, null switches that tag off, disabled switches all off. */
export interface TagOverride extends Readonly<Partial<Record<TagName, string | null>>> {
  readonly disabled?: boolean;
}

export class InvalidTag extends Error {}

/** Throws InvalidTag naming the first id that does not have its platform's format. */
export function checkTagIds(ids: Readonly<Partial<Record<TagName, string | null | undefined>>>): void {
  for (const name of TAG_NAMES) {
    const id = ids[name];
    if (id === undefined || id === null) continue;
    const { pattern, example } = TAG_FORMATS[name];
    if (typeof id !== 'string' || !pattern.test(id)) throw new InvalidTag(`${name} id "${String(id)}" is not valid (expected like ${example})`);
  }
}

/** The tags a smartlink page loads: the client's, with the smartlink's override applied. */
export function effectiveTags(client: TagIds, override: TagOverride | null): TagIds {
  if (override?.disabled) return {};
  const tags: Partial<Record<TagName, string>> = {};
  for (const name of TAG_NAMES) {
    const id = override && name in override ? override[name] : client[name];
    if (id) tags[name] = id;
  }
  return tags;
}

/**
 * What a client's pages let tags load (SPEC §15; the trade-off is spelled out in security-headers.ts):
 *   strict    only the configured tags' own hosts (GTM, GA4, Meta, TikTok), nothing a container adds;
 *   gtm-open  scripts the GTM container adds run ('strict-dynamic'), the Google Ads / Floodlight
 *             hosts are reachable, and so are the hosts of `tagAllowList`.
 */
export type TagPolicy = 'strict' | 'gtm-open';
export const TAG_POLICIES: readonly TagPolicy[] = ['strict', 'gtm-open'];
export const DEFAULT_TAG_POLICY: TagPolicy = 'strict';

/** Hosts a client may add to its allow-list. */
export const MAX_TAG_ALLOW_LIST = 30;

/**
 * An allow-list entry: an https host source, `static.vendor.com` or `https://static.vendor.com`,
 * optionally with a leading `*.` (any subdomain). No path, port, query, other scheme, other
 * wildcard or CSP keyword ('unsafe-inline', 'strict-dynamic'…): nothing that widens the policy
 * beyond one named host (or its subdomains).
 */
const TAG_HOST_SOURCE = /^(?:https:\/\/)?(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MAX_TAG_HOST_SOURCE_LENGTH = 261; // "https://" + a 253-character host

/** Why `entry` is not an acceptable allow-list entry, or null when it is. */
export function tagHostSourceProblem(entry: unknown): string | null {
  if (typeof entry !== 'string' || entry.length === 0) return 'not a host name';
  if (entry.length > MAX_TAG_HOST_SOURCE_LENGTH) return `longer than ${MAX_TAG_HOST_SOURCE_LENGTH} characters`;
  if (!TAG_HOST_SOURCE.test(entry)) return 'not an https host like static.vendor.com or *.vendor.com (no path, port, keyword or other wildcard)';
  return null;
}

/** The CSP source of a valid allow-list entry: `https://` and the host, lower case. */
export function tagHostSource(entry: string): string {
  return `https://${entry.toLowerCase().replace(/^https:\/\//, '')}`;
}
