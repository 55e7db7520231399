// Where the period's views came from.
import type { Overview } from '../api/analytics';
import { BarList } from '../ui/charts/BarList';
import { countryName, formatCount } from '../ui/format';
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
            detail: `${formatCount(c.views)} views · ${formatCount(c.clicks)} clicks`,
          }))}
        />
      ) : null}
    </Panel>
  );
}
