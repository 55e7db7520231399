// Where the period's views came from (the map's equivalent as a list).
import { useTranslation } from 'react-i18next';
import type { Overview } from '../api/analytics';
import { BarList } from '../ui/charts/BarList';
import { countryName } from '../ui/format';
import { useCounts } from './counts';
import { Panel } from './Panel';

export function TopCountries({ overview, loading }: { readonly overview: Overview | undefined; readonly loading: boolean }) {
  const { t } = useTranslation('dashboard');
  const counts = useCounts();
  return (
    <Panel title={t('countries.title')} loading={loading}>
      {overview ? (
        <BarList
          label={t('countries.title')}
          items={overview.topCountries.map((c) => ({
            key: c.value,
            label: countryName(c.value),
            value: c.views,
            detail: t('viewsAndClicks', { views: counts.views(c.views), clicks: counts.clicks(c.clicks) }),
          }))}
        />
      ) : null}
    </Panel>
  );
}
