// How a smartlink of a report reads: "Artist – Title", or what is left of a deleted one.
import type { TopSmartlink } from '../api/analytics';
import { i18n } from '../i18n/i18n';

export function smartlinkName(s: Pick<TopSmartlink, 'artistName' | 'trackTitle' | 'slug'>): string {
  if (s.artistName && s.trackTitle) return `${s.artistName} – ${s.trackTitle}`;
  return s.slug ? `/${s.slug}` : i18n.t('dashboard:smartlinkFilter.deleted');
}
