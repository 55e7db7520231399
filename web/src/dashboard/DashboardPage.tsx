// A client's dashboard: the period and smartlink filters (kept in the URL), the headline figures
// with their definitions, the chart, the breakdowns, excluded traffic, live figures, the engines'
// agreement, and a CSV export of exactly what is shown.
import { analyticsQuery } from '../api/analytics';
import { useApi } from '../api/useApi';
import { useClient } from '../clients/ClientArea';
import { BreakdownPanel } from './BreakdownPanel';
import { DateRangePicker } from './DateRangePicker';
import { daysBetween, formatDay } from './dates';
import { ExcludedTraffic } from './ExcludedTraffic';
import { ExportButton } from './ExportButton';
import { MAX_HOURLY_DAYS, toAnalyticsFilter, useDashboardFilters } from './filters';
import { OverviewCards } from './OverviewCards';
import { PerformancePanel } from './PerformancePanel';
import { RealtimePanel } from './RealtimePanel';
import { SmartlinkFilter } from './SmartlinkFilter';
import { TimeseriesPanel } from './TimeseriesPanel';
import { TopCountries } from './TopCountries';
import { TopSmartlinks } from './TopSmartlinks';
import { ErrorMessage } from '../ui/Alert';

export function DashboardPage() {
  const { client } = useClient();
  const timeZone = client.timeZone ?? 'UTC';
  const [filters, update] = useDashboardFilters(timeZone);
  const filter = toAnalyticsFilter(client.id, filters);
  const overview = useApi('/api/v1/analytics/overview', { query: analyticsQuery(filter) });
  const o = overview.data;
  const drill = (smartlinkId: string | null) => update({ smartlink: smartlinkId });

  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <p className="muted range-note" aria-live="polite">
          {formatDay(filters.from)} – {formatDay(filters.to)} · {timeZone.replace(/_/g, ' ')}
        </p>
      </div>
      <div className="filters">
        <DateRangePicker key={`${filters.preset}${filters.from}${filters.to}`} preset={filters.preset} from={filters.from} to={filters.to} timeZone={timeZone} onChange={update} />
        <SmartlinkFilter clientId={client.id} value={filters.smartlinkId} onChange={drill} />
        {filters.smartlinkId ? (
          <button type="button" className="button-link" onClick={() => drill(null)}>
            Show all smartlinks
          </button>
        ) : null}
        <ExportButton filter={filter} />
      </div>
      <ErrorMessage error={overview.error} />
      <OverviewCards overview={o} />
      <div className="panels">
        <TimeseriesPanel filter={filter} interval={filters.interval} hourlyAllowed={daysBetween(filters.from, filters.to) <= MAX_HOURLY_DAYS} onInterval={(interval) => update({ interval })} />
        <RealtimePanel clientId={client.id} smartlinkId={filters.smartlinkId} />
        <BreakdownPanel filter={filter} dimension={filters.dimension} onDimension={(by) => update({ by })} />
        <TopCountries overview={o} loading={overview.loading} error={undefined} />
        {filters.smartlinkId ? null : <TopSmartlinks overview={o} loading={overview.loading} error={undefined} onDrill={drill} />}
        <ExcludedTraffic overview={o} loading={overview.loading} error={undefined} />
        <PerformancePanel filter={filter} />
      </div>
    </section>
  );
}
