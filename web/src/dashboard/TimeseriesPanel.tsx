// Views, unique visitors and clicks over the period, by hour or by day.
import { analyticsQuery, type AnalyticsFilter, type Interval } from '../api/analytics';
import { useApi } from '../api/useApi';
import { TimeChart, type Series } from '../ui/charts/TimeChart';
import { Panel } from './Panel';

const SERIES: readonly Series[] = [
  { key: 'views', name: 'Views', className: 'chart-series-1', kind: 'bar' },
  { key: 'uniqueVisitors', name: 'Unique visitors', className: 'chart-series-2' },
  { key: 'clicks', name: 'Clicks', className: 'chart-series-3' },
];

interface Props {
  readonly filter: AnalyticsFilter;
  readonly interval: Interval;
  readonly hourlyAllowed: boolean;
  onInterval(interval: Interval): void;
}

export function TimeseriesPanel({ filter, interval, hourlyAllowed, onInterval }: Props) {
  const series = useApi('/api/v1/analytics/timeseries', { query: { ...analyticsQuery(filter), interval } });
  const toggle = (
    <div className="toolbar" role="group" aria-label="Points by">
      <button type="button" className="button-toggle" aria-pressed={interval === 'hour'} disabled={!hourlyAllowed} title={hourlyAllowed ? undefined : 'Hourly points for up to 31 days'} onClick={() => onInterval('hour')}>
        Hour
      </button>
      <button type="button" className="button-toggle" aria-pressed={interval === 'day'} onClick={() => onInterval('day')}>
        Day
      </button>
    </div>
  );
  return (
    <Panel title="Over time" className="panel-wide" actions={toggle} loading={series.loading} error={series.error}>
      {series.data ? (
        <TimeChart
          title={`Views, unique visitors and clicks by ${interval}`}
          series={SERIES}
          points={series.data.points.map((p) => ({ label: p.label, values: { views: p.views, uniqueVisitors: p.uniqueVisitors, clicks: p.clicks } }))}
        />
      ) : null}
    </Panel>
  );
}
