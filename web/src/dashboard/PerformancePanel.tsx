// How well the two engines agree over the period: the server tracking rate (what the server stored
// of what browsers confirmed), the client tracking rate (what browsers confirmed of what the
// server stored), the resulting data quality, and the hosts the pages' CSP blocked.
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { formatCount, formatPercent } from '../ui/format';
import { useCounts } from './counts';
import { Panel } from './Panel';
import { QualityBadge } from './QualityBadge';

export function PerformancePanel({ filter }: { readonly filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const counts = useCounts();
  const perf = useApi('/api/v1/analytics/performance', { query: analyticsQuery(filter) });
  const p = perf.data;
  return (
    <Panel title={t('performance.title')} loading={perf.loading} error={perf.error}>
      {p ? (
        <>
          <p className="panel-summary">
            {t('performance.quality')} <QualityBadge quality={p.dataQuality} />
          </p>
          <dl className="facts">
            <div>
              <dt>{t('performance.serverRate')}</dt>
              <dd>{formatPercent(p.serverTrackingRate)}</dd>
              <dd className="fact-note">{t('performance.serverNote', { views: counts.views(p.details.browserViews), stored: formatCount(p.details.browserViewsStored) })}</dd>
            </div>
            <div>
              <dt>{t('performance.clientRate')}</dt>
              <dd>{formatPercent(p.clientTrackingRate)}</dd>
              <dd className="fact-note">{t('performance.clientNote', { views: counts.views(p.details.humanViews), confirmed: formatCount(p.details.confirmedViews) })}</dd>
            </div>
          </dl>
          {p.blockedByPolicy.length > 0 ? (
            <div className="blocked-by-policy">
              <h3>{t('performance.blocked')}</h3>
              <ul>
                {p.blockedByPolicy.map((b) => (
                  <li key={b.host}>{t('performance.blockedHost', { host: b.host, lastHour: formatCount(b.lastHour), last24Hours: formatCount(b.last24Hours) })}</li>
                ))}
              </ul>
              <p className="fact-note">{t('performance.blockedHelp')}</p>
            </div>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
