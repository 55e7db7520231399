// The period's traffic split by one dimension (service, country, city, device…), chosen in a list.
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { BarList } from '../ui/charts/BarList';
import { SelectField } from '../ui/Field';
import { formatFraction } from '../ui/format';
import { useCounts } from './counts';
import { DIMENSIONS, type BreakdownDimension } from './filters';
import { Panel } from './Panel';
import { valueLabel } from './valueLabel';

type Dim = BreakdownDimension;

interface Props {
  readonly filter: AnalyticsFilter;
  readonly dimension: Dim;
  onDimension(dimension: Dim): void;
}

export function BreakdownPanel({ filter, dimension, onDimension }: Props) {
  const { t } = useTranslation('dashboard');
  const counts = useCounts();
  // One smartlink's breakdown by smartlink says nothing: the list offers it for all of them only.
  const dims = DIMENSIONS.filter((d) => d !== 'smartlink' || !filter.smartlinkId);
  const shown = dims.includes(dimension) ? dimension : 'service';
  const breakdown = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension: shown }, query: { ...analyticsQuery(filter), limit: 10 } });
  const byClicks = shown === 'service';
  const picker = (
    <SelectField className="inline-field" label={t('breakdown.by')} value={shown} onChange={(e) => onDimension(e.target.value as Dim)}>
      {dims.map((d) => (
        <option key={d} value={d}>
          {t(`dimensions.${d}`)}
        </option>
      ))}
    </SelectField>
  );
  return (
    <Panel title={t('breakdown.title')} actions={picker} loading={breakdown.loading} error={breakdown.error}>
      {breakdown.data ? (
        <BarList
          label={t('breakdown.list', { dimension: t(`dimensions.${shown}`) })}
          items={breakdown.data.rows.map((r) => ({
            key: r.value,
            label: valueLabel(shown, r),
            value: byClicks ? r.clicks : r.views,
            detail: byClicks ? counts.clicks(r.clicks) : t('viewsClicksRate', { views: counts.views(r.views), clicks: counts.clicks(r.clicks), rate: formatFraction(r.clickThroughRate) }),
          }))}
        />
      ) : null}
    </Panel>
  );
}
