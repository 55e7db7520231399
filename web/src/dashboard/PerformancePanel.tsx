// How well the two engines agree over the period: the server tracking rate (what the server stored
// of what browsers confirmed), the client tracking rate (what browsers confirmed of what the
// server stored), the resulting data quality, and the hosts the pages' CSP blocked.
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { formatCount, formatCountOf, formatPercent } from '../ui/format';
import { Panel } from './Panel';

export const QUALITY_NAMES = { excellent: 'Excellent', good: 'Good', warning: 'Warning' } as const;

export function PerformancePanel({ filter }: { readonly filter: AnalyticsFilter }) {
  const perf = useApi('/api/v1/analytics/performance', { query: analyticsQuery(filter) });
  const p = perf.data;
  return (
    <Panel title="Tracking performance" loading={perf.loading} error={perf.error}>
      {p ? (
        <>
          <p className="panel-summary">
            Data quality: <span className={`badge badge-quality-${p.dataQuality}`}>{QUALITY_NAMES[p.dataQuality]}</span>
          </p>
          <dl className="facts">
            <div>
              <dt>Server tracking rate</dt>
              <dd>{formatPercent(p.serverTrackingRate)}</dd>
              <dd className="fact-note">
                Of the {formatCountOf(p.details.browserViews, 'view', 'views')} browsers confirmed, the server stored {formatCount(p.details.browserViewsStored)}.
              </dd>
            </div>
            <div>
              <dt>Client tracking rate</dt>
              <dd>{formatPercent(p.clientTrackingRate)}</dd>
              <dd className="fact-note">
                Of the {formatCountOf(p.details.humanViews, 'view', 'views')} the server counted, browsers confirmed {formatCount(p.details.confirmedViews)} (blockers and closed tabs cost the rest).
              </dd>
            </div>
          </dl>
          {p.blockedByPolicy.length > 0 ? (
            <div className="blocked-by-policy">
              <h3>Blocked by the page’s policy</h3>
              <ul>
                {p.blockedByPolicy.map((b) => (
                  <li key={b.host}>
                    {b.host} — {formatCount(b.lastHour)} in the last hour ({formatCount(b.last24Hours)} in 24 hours)
                  </li>
                ))}
              </ul>
              <p className="fact-note">A tag tried to load or send to these hosts. Allow them in Settings → Tag policy, or remove the tag.</p>
            </div>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
