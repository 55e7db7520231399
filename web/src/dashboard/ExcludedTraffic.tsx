// Traffic kept out of every figure above (bots, link previews, prefetches…), by reason.
import { useTranslation } from 'react-i18next';
import type { Overview } from '../api/analytics';
import { BarList } from '../ui/charts/BarList';
import { useCounts } from './counts';
import { Panel } from './Panel';

export function ExcludedTraffic({ overview, loading }: { readonly overview: Overview | undefined; readonly loading: boolean }) {
  const { t } = useTranslation('dashboard');
  const counts = useCounts();
  const reasons = t('excluded.reasons', { returnObjects: true }) as Readonly<Record<string, string>>;
  return (
    <Panel title={t('excluded.title')} loading={loading}>
      {overview ? (
        <>
          <p className="panel-summary">{t('excluded.summary', { views: counts.views(overview.excluded.views), clicks: counts.clicks(overview.excluded.clicks) })}</p>
          <BarList
            label={t('excluded.list')}
            empty={t('excluded.empty')}
            items={overview.excluded.byReason.map((r) => ({
              key: r.value,
              label: reasons[r.value] ?? (r.value || t('excluded.other')),
              value: r.views + r.clicks,
              detail: t('viewsAndClicks', { views: counts.views(r.views), clicks: counts.clicks(r.clicks) }),
            }))}
          />
        </>
      ) : null}
    </Panel>
  );
}
