// What fans chose: the consent their browsers reported (accepted, refused, not asked…) and the
// anonymous counts of those who opted out of measurement (the privacy page, or Global Privacy
// Control).
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { BarList } from '../ui/charts/BarList';
import { useCounts } from './counts';
import { Panel } from './Panel';
import { valueLabel } from './valueLabel';

export function PrivacyPanel({ filter }: { readonly filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const counts = useCounts();
  const consent = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension: 'consent' }, query: analyticsQuery(filter) });
  const optOut = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension: 'opt_out' }, query: analyticsQuery(filter) });
  const list = (dimension: 'consent' | 'opt_out', rows: NonNullable<typeof consent.data>['rows'], label: string) => (
    <>
      <h3>{label}</h3>
      <BarList
        label={label}
        empty={t('privacy.empty')}
        items={rows
          .filter((r) => r.views + r.clicks > 0)
          .map((r) => ({ key: r.value, label: valueLabel(dimension, r), value: r.views, detail: t('viewsAndClicks', { views: counts.views(r.views), clicks: counts.clicks(r.clicks) }) }))}
      />
    </>
  );
  return (
    <Panel title={t('privacy.title')} className="panel-privacy" loading={consent.loading || optOut.loading} error={consent.error ?? optOut.error}>
      {consent.data ? list('consent', consent.data.rows, t('privacy.consent')) : null}
      {optOut.data ? list('opt_out', optOut.data.rows, t('privacy.optOut')) : null}
    </Panel>
  );
}
