// Views, unique visitors and clicks over the period, by hour or by day, in the client's time zone;
// hours still to come are not drawn.
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter, type Interval } from '../api/analytics';
import { useApi } from '../api/useApi';
import { TimeChart, type Series } from '../ui/charts/TimeChart';
import { Panel } from './Panel';
import { chartPoints } from './timeline';
import { zoneName } from './zone';

interface Props {
  readonly filter: AnalyticsFilter;
  readonly interval: Interval;
  readonly hourlyAllowed: boolean;
  readonly timeZone: string;
  onInterval(interval: Interval): void;
}

export function TimeseriesPanel({ filter, interval, hourlyAllowed, timeZone, onInterval }: Props) {
  const { t } = useTranslation('dashboard');
  const series = useApi('/api/v1/analytics/timeseries', { query: { ...analyticsQuery(filter), interval } });
  const lines: readonly Series[] = [
    { key: 'views', name: t('series.views'), className: 'chart-series-1', kind: 'bar' },
    { key: 'uniqueVisitors', name: t('series.uniqueVisitors'), className: 'chart-series-2' },
    { key: 'clicks', name: t('series.clicks'), className: 'chart-series-3' },
  ];
  const toggle = (
    <div className="toolbar" role="group" aria-label={t('overTime.pointsBy')}>
      <button type="button" className="button-toggle" aria-pressed={interval === 'hour'} disabled={!hourlyAllowed} title={hourlyAllowed ? undefined : t('overTime.hourlyLimit')} onClick={() => onInterval('hour')}>
        {t('overTime.hour')}
      </button>
      <button type="button" className="button-toggle" aria-pressed={interval === 'day'} onClick={() => onInterval('day')}>
        {t('overTime.day')}
      </button>
    </div>
  );
  const zone = zoneName(timeZone);
  return (
    <Panel title={t('overTime.title')} className="panel-wide" actions={toggle} loading={series.loading} error={series.error}>
      {series.data ? (
        <TimeChart title={interval === 'hour' ? t('overTime.chartHour', { zone }) : t('overTime.chartDay', { zone })} series={lines} points={chartPoints(series.data.points, Date.now())} />
      ) : null}
    </Panel>
  );
}
