// A client's dashboard: the period and smartlink filters (kept in the URL), the headline figures
// with their change from the period before and their definitions, the chart, the map and the
// breakdowns, campaigns and channels, consent and opt-outs, excluded traffic, live figures and
// the engines' agreement, and a CSV export of exactly what is shown. Every date and hour is in
// the client's time zone, named under the title.
import { useTranslation } from 'react-i18next';
import { analyticsQuery } from '../api/analytics';
import { useApi } from '../api/useApi';
import { useClient } from '../clients/ClientArea';
import { ErrorMessage } from '../ui/Alert';
import { formatDay } from '../ui/format';
import { usePageTitle } from '../ui/usePageTitle';
import { AttributionTable } from './AttributionTable';
import { BreakdownPanel } from './BreakdownPanel';
import { CountryMapPanel } from './CountryMapPanel';
import { DateRangePicker } from './DateRangePicker';
import { daysBetween } from './dates';
import { ExcludedTraffic } from './ExcludedTraffic';
import { ExportButton } from './ExportButton';
import { MAX_HOURLY_DAYS, toAnalyticsFilter, useDashboardFilters } from './filters';
import { OverviewCards } from './OverviewCards';
import { PerformancePanel } from './PerformancePanel';
import { PrivacyPanel } from './PrivacyPanel';
import { RealtimePanel } from './RealtimePanel';
import { SmartlinkFilter } from './SmartlinkFilter';
import { TimeseriesPanel } from './TimeseriesPanel';
import { TopCountries } from './TopCountries';
import { TopSmartlinks } from './TopSmartlinks';
import { zoneName } from './zone';
import './dashboard.css';

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const { client } = useClient();
  usePageTitle(`${t('title')} · ${client.name}`);
  const timeZone = client.timeZone ?? 'UTC';
  const [filters, update] = useDashboardFilters(timeZone);
  const filter = toAnalyticsFilter(client.id, filters);
  const overview = useApi('/api/v1/analytics/overview', { query: analyticsQuery(filter) });
  const o = overview.data;
  const drill = (smartlinkId: string | null) => update({ smartlink: smartlinkId });

  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">{t('title')}</h1>
        <p className="muted range-note" aria-live="polite">
          {t('range', { from: formatDay(filters.from), to: formatDay(filters.to) })} · <span data-testid="time-zone">{t('timeZone', { zone: zoneName(timeZone) })}</span>
        </p>
      </div>
      <div className="filters">
        <DateRangePicker key={`${filters.preset}${filters.from}${filters.to}`} preset={filters.preset} from={filters.from} to={filters.to} timeZone={timeZone} onChange={update} />
        <SmartlinkFilter clientId={client.id} value={filters.smartlinkId} onChange={drill} />
        {filters.smartlinkId ? (
          <button type="button" className="button-link" onClick={() => drill(null)}>
            {t('showAll')}
          </button>
        ) : null}
        <ExportButton filter={filter} />
      </div>
      <ErrorMessage error={overview.error} />
      <OverviewCards overview={o} currency={client.currency} />
      <div className="panels">
        <TimeseriesPanel filter={filter} interval={filters.interval} timeZone={timeZone} hourlyAllowed={daysBetween(filters.from, filters.to) <= MAX_HOURLY_DAYS} onInterval={(interval) => update({ interval })} />
        <RealtimePanel clientId={client.id} smartlinkId={filters.smartlinkId} timeZone={timeZone} />
        <BreakdownPanel filter={filter} dimension={filters.dimension} onDimension={(by) => update({ by })} />
        <CountryMapPanel filter={filter} />
        <TopCountries overview={o} loading={overview.loading} />
        {filters.smartlinkId ? null : <TopSmartlinks overview={o} loading={overview.loading} onDrill={drill} />}
        <AttributionTable filter={filter} dimension="utm_campaign" />
        <AttributionTable filter={filter} dimension="channel" />
        <PrivacyPanel filter={filter} />
        <ExcludedTraffic overview={o} loading={overview.loading} />
        <PerformancePanel filter={filter} />
      </div>
    </section>
  );
}
