// A horizontal bar list: one row per item, its label and figures as text, a bar for its share of
// the largest (decorative: the figures say it all).
import { useTranslation } from 'react-i18next';

export interface BarItem {
  readonly key: string;
  readonly label: string;
  /** What the bar measures. */
  readonly value: number;
  /** The figures shown at the end of the row: "120 views · 14 clicks". */
  readonly detail: string;
}

export function BarList({ items, label, empty }: { readonly items: readonly BarItem[]; readonly label: string; readonly empty?: string }) {
  const { t } = useTranslation('charts');
  if (items.length === 0) return <p className="empty">{empty ?? t('noData')}</p>;
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ol className="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="bar-item">
          <span className="bar-label">{item.label}</span>
          <span className="bar-detail">{item.detail}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(item.value / max) * 100}%` }} />
          </span>
        </li>
      ))}
    </ol>
  );
}
