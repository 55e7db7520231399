// A data-quality badge: excellent, good or warning, in words (and colour).
import { useTranslation } from 'react-i18next';
import type { DataQuality } from '../api/analytics';

export function QualityBadge({ quality }: { readonly quality: DataQuality }) {
  const { t } = useTranslation('dashboard');
  return <span className={`badge badge-quality-${quality}`}>{t(`performance.qualities.${quality}`)}</span>;
}
