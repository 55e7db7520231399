// Right now: visitors and views of the last 5 minutes, refreshed every 5 seconds.
import { analyticsQuery } from '../api/analytics';
import { useApi } from '../api/useApi';
import { formatCount, formatCountOf } from '../ui/format';
import { smartlinkName } from './names';
import { Panel } from './Panel';

export const REALTIME_REFRESH_MS = 5_000;

export function RealtimePanel({ clientId, smartlinkId }: { readonly clientId: string; readonly smartlinkId: string | undefined }) {
  const live = useApi('/api/v1/analytics/realtime', { query: analyticsQuery({ clientId, smartlinkId }) }, { refreshMs: REALTIME_REFRESH_MS });
  const data = live.data;
  return (
    <Panel title="Live" className="panel-live" loading={!data && live.loading} error={live.error}>
      {data ? (
        <>
          <dl className="live-figures">
            <div>
              <dt>Active visitors</dt>
              <dd data-testid="live-active">{formatCount(data.activeVisitors)}</dd>
            </div>
            <div>
              <dt>Views</dt>
              <dd data-testid="live-views">{formatCount(data.currentViews)}</dd>
            </div>
            <div>
              <dt>Clicks</dt>
              <dd data-testid="live-clicks">{formatCount(data.clicks)}</dd>
            </div>
          </dl>
          <p className="muted live-note">
            Last {data.windowMinutes} minutes, updated at <time dateTime={data.asOf}>{new Date(data.asOf).toLocaleTimeString('en-GB')}</time>.
          </p>
          {data.topSmartlinks.length > 0 ? (
            <ol className="live-top" aria-label="Smartlinks viewed in the last minutes">
              {data.topSmartlinks.map((s) => (
                <li key={s.smartlinkId}>
                  <span>{smartlinkName(s)}</span>
                  <span className="muted">{formatCountOf(s.views, 'view', 'views')}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
