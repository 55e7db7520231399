// Views by country on a world map, and every country's figures as a table on request (what the map
// shows, for the keyboard and screen readers); the map itself is a chunk of its own, loaded when
// shown.
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { countryName, formatCount } from '../ui/format';
import { Panel } from './Panel';

const CountryMap = lazy(() => import('./map/CountryMap'));

/** Every country with views, not only the top ones (about 250 exist). */
const COUNTRIES = 300;

export function CountryMapPanel({ filter }: { readonly filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const { t: tc } = useTranslation('charts');
  const report = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension: 'country' }, query: { ...analyticsQuery(filter), limit: COUNTRIES } });
  const views = useMemo(() => new Map((report.data?.rows ?? []).filter((r) => r.value !== '').map((r) => [r.value, r.views])), [report.data]);
  return (
    <Panel title={t('countries.map')} className="panel-wide panel-map" loading={report.loading} error={report.error}>
      {report.data ? (
        <>
          <Suspense fallback={<p className="loading">{t('countries.loading')}</p>}>
            <CountryMap views={views} />
          </Suspense>
          <details className="chart-table">
            <summary>{tc('showNumbers')}</summary>
            <div className="table-scroll">
              <table aria-label={t('countries.map')}>
                <thead>
                  <tr>
                    <th scope="col">{t('dimensions.country')}</th>
                    <th scope="col">{t('series.views')}</th>
                    <th scope="col">{t('series.clicks')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.rows.map((r) => (
                    <tr key={r.value}>
                      <th scope="row">{countryName(r.value)}</th>
                      <td>{formatCount(r.views)}</td>
                      <td>{formatCount(r.clicks)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : null}
    </Panel>
  );
}
