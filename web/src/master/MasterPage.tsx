// Master's view: every client side by side over the period (figures, tracking rates, data quality,
// growth week over week and month over month) with the totals; a client's name opens its dashboard.
import { analyticsQuery } from '../api/analytics';
import { useApi } from '../api/useApi';
import { Link } from '../app/router';
import { PerformanceBadge } from './PerformanceBadge';
import { DateRangePicker } from '../dashboard/DateRangePicker';
import { formatDay } from '../dashboard/dates';
import { toAnalyticsFilter, useDashboardFilters } from '../dashboard/filters';
import { ErrorMessage, Loading } from '../ui/Alert';
import { formatCount, formatFraction, formatGrowth, formatMoney, formatPercent } from '../ui/format';

export function MasterPage() {
  const [filters, update] = useDashboardFilters('UTC');
  const report = useApi('/api/v1/analytics/clients', { query: analyticsQuery(toAnalyticsFilter(undefined, { ...filters, smartlinkId: undefined })) });
  const r = report.data;
  return (
    <section className="page" aria-labelledby="master-title">
      <div className="page-head">
        <h1 id="master-title">All clients</h1>
        <Link to="/clients/new" className="button button-primary">
          New client
        </Link>
      </div>
      <div className="filters">
        <DateRangePicker key={`${filters.preset}${filters.from}${filters.to}`} preset={filters.preset} from={filters.from} to={filters.to} timeZone="UTC" onChange={update} />
        <p className="muted range-note">
          {formatDay(filters.from)} – {formatDay(filters.to)} · each client in its own reporting time zone
        </p>
      </div>
      <ErrorMessage error={report.error} />
      {report.loading ? <Loading what="Loading every client’s figures" /> : null}
      {r ? (
        <div className="table-scroll card">
          <table className="data-table master-table">
            <caption className="offscreen">Every client over the period, with totals</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col" className="num">Views</th>
                <th scope="col" className="num">Uniques</th>
                <th scope="col" className="num">Clicks</th>
                <th scope="col" className="num">CTR</th>
                <th scope="col" className="num">Revenue</th>
                <th scope="col" className="num">Server rate</th>
                <th scope="col" className="num">Client rate</th>
                <th scope="col">Data quality</th>
                <th scope="col" className="num">Week / week</th>
                <th scope="col" className="num">Month / month</th>
              </tr>
            </thead>
            <tbody>
              {r.clients.map((c) => (
                <tr key={c.clientId}>
                  <th scope="row">
                    <Link to={`/clients/${c.clientId}`}>{c.name}</Link>
                  </th>
                  <td className="num">{formatCount(c.views)}</td>
                  <td className="num">{formatCount(c.uniqueVisitors)}</td>
                  <td className="num">{formatCount(c.clicks)}</td>
                  <td className="num">{formatFraction(c.clickThroughRate)}</td>
                  <td className="num">{formatMoney(c.revenue)}</td>
                  <td className="num">{formatPercent(c.serverTrackingRate)}</td>
                  <td className="num">{formatPercent(c.clientTrackingRate)}</td>
                  <td>
                    <PerformanceBadge quality={c.dataQuality} />
                  </td>
                  <td className={`num ${growthClass(c.growth.weekOverWeek)}`}>{formatGrowth(c.growth.weekOverWeek)}</td>
                  <td className={`num ${growthClass(c.growth.monthOverMonth)}`}>{formatGrowth(c.growth.monthOverMonth)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All clients</th>
                <td className="num">{formatCount(r.totals.views)}</td>
                <td className="num">{formatCount(r.totals.uniqueVisitors)}</td>
                <td className="num">{formatCount(r.totals.clicks)}</td>
                <td className="num">{formatFraction(r.totals.clickThroughRate)}</td>
                <td className="num">{formatMoney(r.totals.revenue)}</td>
                <td colSpan={5} />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      <p className="muted table-note">Growth compares the last 7 (or 30) days with the 7 (or 30) days before; “—” when there was nothing before.</p>
    </section>
  );
}

function growthClass(value: number | null): string {
  return value === null || value === 0 ? '' : value > 0 ? 'up' : 'down';
}
