// Views by country on a world map; the map itself is a chunk of its own, loaded when shown.
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { Panel } from './Panel';

const CountryMap = lazy(() => import('./map/CountryMap'));

/** Every country with views, not only the top ones (about 250 exist). */
const COUNTRIES = 300;

export function CountryMapPanel({ filter }: { readonly filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const report = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension: 'country' }, query: { ...analyticsQuery(filter), limit: COUNTRIES } });
  const views = useMemo(() => new Map((report.data?.rows ?? []).filter((r) => r.value !== '').map((r) => [r.value, r.views])), [report.data]);
  return (
    <Panel title={t('countries.map')} className="panel-wide panel-map" loading={report.loading} error={report.error}>
      {report.data ? (
        <Suspense fallback={<p className="loading">{t('countries.loading')}</p>}>
          <CountryMap views={views} />
        </Suspense>
      ) : null}
    </Panel>
  );
}
