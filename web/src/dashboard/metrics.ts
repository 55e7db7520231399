// The dashboard's headline metrics (their names and definitions are in messages.ts, metrics.*): how
// each reads, in the period and the period before.
import type { Overview } from '../api/analytics';
import { formatCount, formatFraction, formatMoney } from '../ui/format';

export type MetricKey = keyof Overview['change'];

type Figures = Pick<Overview, MetricKey>;

export const METRICS: readonly { readonly key: MetricKey; format(figures: Figures, currency: string | null): string }[] = [
  { key: 'views', format: (f) => formatCount(f.views) },
  { key: 'uniqueVisitors', format: (f) => formatCount(f.uniqueVisitors) },
  { key: 'clicks', format: (f) => formatCount(f.clicks) },
  { key: 'clickThroughRate', format: (f) => formatFraction(f.clickThroughRate) },
  { key: 'revenue', format: (f, currency) => formatMoney(f.revenue, currency) },
];
