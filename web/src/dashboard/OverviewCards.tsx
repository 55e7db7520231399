// The headline figures of the period, each with its change from the period before and its
// definition right under it.
import { useTranslation } from 'react-i18next';
import type { Overview } from '../api/analytics';
import { Change } from './Change';
import { daysBetween } from './dates';
import { METRICS } from './metrics';

export function OverviewCards({ overview, currency }: { readonly overview: Overview | undefined; readonly currency: string | null }) {
  const { t } = useTranslation('dashboard');
  const days = overview ? daysBetween(overview.range.from, overview.range.to) : 1;
  return (
    <ul className="cards" aria-label={t('overview')}>
      {METRICS.map((m) => (
        <li key={m.key} className="card metric" data-metric={m.key}>
          <h2 className="metric-name" id={`metric-${m.key}`}>
            {t(`metrics.${m.key}.name`)}
          </h2>
          <p className="metric-value" data-testid={`metric-${m.key}`}>
            {overview ? m.format(overview, currency) : '…'}
          </p>
          {overview ? (
            <p className="metric-change" data-testid={`change-${m.key}`}>
              <Change change={overview.change[m.key]} previous={m.format(overview.previous, currency)} days={days} />
            </p>
          ) : null}
          <p className="metric-definition">{t(`metrics.${m.key}.definition`)}</p>
        </li>
      ))}
    </ul>
  );
}
