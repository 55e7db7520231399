// A data-quality badge: excellent, good or warning.
import type { DataQuality } from '../api/analytics';
import { QUALITY_NAMES } from '../dashboard/PerformancePanel';

export function PerformanceBadge({ quality }: { readonly quality: DataQuality }) {
  return <span className={`badge badge-quality-${quality}`}>{QUALITY_NAMES[quality]}</span>;
}
