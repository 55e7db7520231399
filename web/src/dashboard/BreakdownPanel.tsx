// The period's traffic split by one dimension (service, country, city, device…), chosen in a list.
import { analyticsQuery, DIMENSIONS, type AnalyticsFilter, type BreakdownRow } from '../api/analytics';
import { useApi } from '../api/useApi';
import { BarList } from '../ui/charts/BarList';
import { SelectField } from '../ui/Field';
import { countryName, formatCount, formatCountOf, formatFraction } from '../ui/format';
import { serviceLabel } from '../smartlinks/catalogue';
import { Panel } from './Panel';

type Dim = keyof typeof DIMENSIONS;

interface Props {
  readonly filter: AnalyticsFilter;
  readonly dimension: Dim;
  onDimension(dimension: Dim): void;
}

export function BreakdownPanel({ filter, dimension, onDimension }: Props) {
  // One smartlink's breakdown by smartlink says nothing: the list offers it for all of them only.
  const dims = (Object.keys(DIMENSIONS) as Dim[]).filter((d) => d !== 'smartlink' || !filter.smartlinkId);
  const shown = dims.includes(dimension) ? dimension : 'service';
  const breakdown = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension: shown }, query: { ...analyticsQuery(filter), limit: 10 } });
  const byClicks = shown === 'service';
  const picker = (
    <SelectField className="inline-field" label="Break down by" value={shown} onChange={(e) => onDimension(e.target.value as Dim)}>
      {dims.map((d) => (
        <option key={d} value={d}>
          {DIMENSIONS[d]}
        </option>
      ))}
    </SelectField>
  );
  return (
    <Panel title="Breakdown" actions={picker} loading={breakdown.loading} error={breakdown.error}>
      {breakdown.data ? (
        <BarList
          label={`${DIMENSIONS[shown]} breakdown`}
          items={breakdown.data.rows.map((r) => ({
            key: r.value,
            label: labelOf(shown, r),
            value: byClicks ? r.clicks : r.views,
            detail: byClicks ? formatCountOf(r.clicks, 'click', 'clicks') : `${formatCountOf(r.views, 'view', 'views')} · ${formatCountOf(r.clicks, 'click', 'clicks')} · ${formatFraction(r.clickThroughRate)}`,
          }))}
        />
      ) : null}
    </Panel>
  );
}

/** Service ids and country codes by their names; the API's label otherwise. */
function labelOf(dimension: Dim, row: BreakdownRow): string {
  if (row.value === '') return row.label || '(none)';
  if (dimension === 'service') return serviceLabel(row.value, undefined);
  if (dimension === 'country') return countryName(row.value);
  return row.label || row.value;
}
