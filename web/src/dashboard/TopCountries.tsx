// Where the period's views came from.
import type { Overview } from '../api/analytics';
import { BarList } from '../ui/charts/BarList';
import { countryName, formatCountOf } from '../ui/format';
import { Panel } from './Panel';

export function TopCountries({ overview, loading, error }: { readonly overview: Overview | undefined; readonly loading: boolean; readonly error: unknown }) {
  return (
    <Panel title="Top countries" loading={loading} error={error}>
      {overview ? (
        <BarList
          label="Top countries"
          items={overview.topCountries.map((c) => ({
            key: c.value,
            label: countryName(c.value),
            value: c.views,
            detail: `${formatCountOf(c.views, 'view', 'views')} · ${formatCountOf(c.clicks, 'click', 'clicks')}`,
          }))}
        />
      ) : null}
    </Panel>
  );
}
