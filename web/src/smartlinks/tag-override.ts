// A smartlink's own tags (its `tracking` override) as form state: for each tag, the client's, an id
// of its own (another GA4 property, another pixel for this campaign) or none; or no tag at all on
// this page. Converts to the API's `tracking` (null: the client's tags as they are).
import type { Smartlink, TagName } from '../api/types';

export const TAG_NAMES: readonly TagName[] = ['gtm', 'ga4', 'facebook', 'tiktok'];

export type TagMode = 'client' | 'own' | 'off';

export interface TagChoice {
  readonly mode: TagMode;
  /** The smartlink's own id (kept while another mode is chosen, so switching back loses nothing). */
  readonly id: string;
}

export interface TagOverrideDraft {
  /** No tag at all on this smartlink's page. */
  readonly disabled: boolean;
  readonly tags: Readonly<Record<TagName, TagChoice>>;
}

type TagOverride = NonNullable<Smartlink['tracking']>;

export function overrideDraftOf(tracking: Smartlink['tracking'] | undefined): TagOverrideDraft {
  const choice = (name: TagName): TagChoice => {
    if (!tracking || !(name in tracking) || tracking[name] === undefined) return { mode: 'client', id: '' };
    const id = tracking[name];
    return id === null ? { mode: 'off', id: '' } : { mode: 'own', id };
  };
  return { disabled: tracking?.disabled === true, tags: Object.fromEntries(TAG_NAMES.map((n) => [n, choice(n)])) as Record<TagName, TagChoice> };
}

/** The API's `tracking`: only what differs from the client's tags; null when nothing does. */
export function overrideBodyOf(draft: TagOverrideDraft): TagOverride | null {
  const body: { -readonly [K in keyof TagOverride]: TagOverride[K] } = {};
  if (draft.disabled) body.disabled = true;
  for (const name of TAG_NAMES) {
    const { mode, id } = draft.tags[name];
    if (mode === 'off') body[name] = null;
    if (mode === 'own') body[name] = id.trim();
  }
  return Object.keys(body).length > 0 ? body : null;
}
