// The dashboard's headline metrics: name, how each is computed (shown next to it), how it reads.
import type { Overview } from '../api/analytics';
import { formatCount, formatFraction, formatMoney } from '../ui/format';

export interface MetricDefinition {
  readonly key: 'views' | 'uniqueVisitors' | 'clicks' | 'clickThroughRate' | 'revenue';
  readonly name: string;
  readonly definition: string;
  format(overview: Overview): string;
}

export const METRICS: readonly MetricDefinition[] = [
  {
    key: 'views',
    name: 'Views',
    definition: 'Smartlink pages opened by people. Bots, link previews and prefetches are left out (see Excluded traffic).',
    format: (o) => formatCount(o.views),
  },
  {
    key: 'uniqueVisitors',
    name: 'Unique visitors',
    definition: 'Different people per smartlink and day, recognised without cookies (a daily, anonymous fingerprint).',
    format: (o) => formatCount(o.uniqueVisitors),
  },
  {
    key: 'clicks',
    name: 'Clicks',
    definition: 'Taps on a streaming-service button (or a direct service link) by people.',
    format: (o) => formatCount(o.clicks),
  },
  {
    key: 'clickThroughRate',
    name: 'Click-through rate',
    definition: 'Clicks divided by views: the share of views that led to a service.',
    format: (o) => formatFraction(o.clickThroughRate),
  },
  {
    key: 'revenue',
    name: 'Revenue',
    definition: 'Clicks multiplied by the client’s value per click (its conversion value).',
    format: (o) => formatMoney(o.revenue),
  },
];
