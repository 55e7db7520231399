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
