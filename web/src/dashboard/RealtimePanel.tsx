// Right now: visitors and views of the last 5 minutes, refreshed every 5 seconds; the time of the
// last update in the client's time zone, like every figure of the dashboard.
import { useTranslation } from 'react-i18next';
import { analyticsQuery } from '../api/analytics';
import { useApi } from '../api/useApi';
import { formatCount, formatTime } from '../ui/format';
import { useCounts } from './counts';
import { smartlinkName } from './names';
import { Panel } from './Panel';
import { zoneName } from './zone';

export const REALTIME_REFRESH_MS = 5_000;

interface Props {
  readonly clientId: string;
  readonly smartlinkId: string | undefined;
  readonly timeZone: string;
}

export function RealtimePanel({ clientId, smartlinkId, timeZone }: Props) {
  const { t } = useTranslation('dashboard');
  const counts = useCounts();
  const live = useApi('/api/v1/analytics/realtime', { query: analyticsQuery({ clientId, smartlinkId }) }, { refreshMs: REALTIME_REFRESH_MS });
  const data = live.data;
  return (
    <Panel title={t('live.title')} className="panel-live" loading={!data && live.loading} error={live.error}>
      {data ? (
        <>
          <dl className="live-figures">
            <div>
              <dt>{t('live.active')}</dt>
              <dd data-testid="live-active">{formatCount(data.activeVisitors)}</dd>
            </div>
            <div>
              <dt>{t('live.views')}</dt>
              <dd data-testid="live-views">{formatCount(data.currentViews)}</dd>
            </div>
            <div>
              <dt>{t('live.clicks')}</dt>
              <dd data-testid="live-clicks">{formatCount(data.clicks)}</dd>
            </div>
          </dl>
          <p className="muted live-note" data-testid="live-note" data-as-of={data.asOf}>
            {t('live.note', { minutes: data.windowMinutes, time: formatTime(data.asOf, timeZone), zone: zoneName(timeZone) })}
          </p>
          {data.topSmartlinks.length > 0 ? (
            <ol className="live-top" aria-label={t('live.top')}>
              {data.topSmartlinks.map((s) => (
                <li key={s.smartlinkId}>
                  <span>{smartlinkName(s)}</span>
                  <span className="muted">{counts.views(s.views)}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
