// Master's view: every client side by side over the period (figures with their change from the
// period before, tracking rates, data quality, growth week over week and month over month) with
// the totals; a client's name opens its dashboard.
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type ClientsReport } from '../api/analytics';
import { useApi } from '../api/useApi';
import { Link } from '../app/router';
import { Change, direction } from '../dashboard/Change';
import { DateRangePicker } from '../dashboard/DateRangePicker';
import { daysBetween } from '../dashboard/dates';
import { toAnalyticsFilter, useDashboardFilters } from '../dashboard/filters';
import { METRICS } from '../dashboard/metrics';
import { QualityBadge } from '../dashboard/QualityBadge';
import { ErrorMessage, Loading } from '../ui/Alert';
import { formatDay, formatGrowth, formatPercent } from '../ui/format';
import { usePageTitle } from '../ui/usePageTitle';
import { commonCurrency } from './currency';
import '../dashboard/dashboard.css';

type Row = Pick<ClientsReport['totals'], 'previous' | 'change' | 'views' | 'uniqueVisitors' | 'clicks' | 'clickThroughRate' | 'revenue'>;

export function MasterPage() {
  const { t } = useTranslation('master');
  usePageTitle(t('title'));
  const [filters, update] = useDashboardFilters('UTC');
  const report = useApi('/api/v1/analytics/clients', { query: analyticsQuery(toAnalyticsFilter(undefined, { ...filters, smartlinkId: undefined })) });
  const r = report.data;
  const days = daysBetween(filters.from, filters.to);
  const figures = (row: Row, currency: string | null | 'mixed') =>
    METRICS.map((m) =>
      m.key === 'revenue' && currency === 'mixed' ? (
        <td key={m.key} className="num muted" data-metric={m.key}>
          {t('mixedCurrencies')}
        </td>
      ) : (
        <td key={m.key} className="num" data-metric={m.key}>
          <span className="figure">{m.format(row, currency === 'mixed' ? null : currency)}</span>
          <Change change={row.change[m.key]} previous={m.format(row.previous, currency === 'mixed' ? null : currency)} days={days} compact />
        </td>
      ),
    );
  return (
    <section className="page" aria-labelledby="master-title">
      <div className="page-head">
        <h1 id="master-title">{t('title')}</h1>
        <Link to="/clients/new" className="button button-primary">
          {t('newClient')}
        </Link>
      </div>
      <div className="filters">
        <DateRangePicker key={`${filters.preset}${filters.from}${filters.to}`} preset={filters.preset} from={filters.from} to={filters.to} timeZone="UTC" onChange={update} />
        {r ? (
          <p className="muted range-note">
            {t('rangeNote', { from: formatDay(r.range.from), to: formatDay(r.range.to), previousFrom: formatDay(r.previousRange.from), previousTo: formatDay(r.previousRange.to) })}
          </p>
        ) : null}
      </div>
      <ErrorMessage error={report.error} />
      {report.loading ? <Loading what={t('loading')} /> : null}
      {r ? (
        <div className="table-scroll card">
          <table className="data-table master-table">
            <caption className="offscreen">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('client')}</th>
                <th scope="col" className="num">{t('views')}</th>
                <th scope="col" className="num">{t('uniques')}</th>
                <th scope="col" className="num">{t('clicks')}</th>
                <th scope="col" className="num">{t('ctr')}</th>
                <th scope="col" className="num">{t('revenue')}</th>
                <th scope="col" className="num">{t('serverRate')}</th>
                <th scope="col" className="num">{t('clientRate')}</th>
                <th scope="col">{t('quality')}</th>
                <th scope="col" className="num">{t('weekOverWeek')}</th>
                <th scope="col" className="num">{t('monthOverMonth')}</th>
              </tr>
            </thead>
            <tbody>
              {r.clients.map((c) => (
                <tr key={c.clientId}>
                  <th scope="row">
                    <Link to={`/clients/${c.clientId}`}>{c.name}</Link>
                  </th>
                  {figures(c, c.currency)}
                  <td className="num">{formatPercent(c.serverTrackingRate)}</td>
                  <td className="num">{formatPercent(c.clientTrackingRate)}</td>
                  <td>
                    <QualityBadge quality={c.dataQuality} />
                  </td>
                  <td className={`num change-${direction(c.growth.weekOverWeek)}`}>{formatGrowth(c.growth.weekOverWeek)}</td>
                  <td className={`num change-${direction(c.growth.monthOverMonth)}`}>{formatGrowth(c.growth.monthOverMonth)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('allClients')}</th>
                {figures(r.totals, commonCurrency(r.clients))}
                <td colSpan={5} />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      <p className="muted table-note">{t('growthNote')}</p>
    </section>
  );
}
