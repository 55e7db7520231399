// Where the clicks came from: views, clicks and click-through per UTM campaign or per channel (a
// click carries the campaign and channel of the view it followed).
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { useApi } from '../api/useApi';
import { formatCount, formatFraction } from '../ui/format';
import { Panel } from './Panel';
import { valueLabel } from './valueLabel';

const ROWS = 10;

export function AttributionTable({ filter, dimension }: { readonly filter: AnalyticsFilter; readonly dimension: 'utm_campaign' | 'channel' }) {
  const { t } = useTranslation('dashboard');
  const report = useApi('/api/v1/analytics/breakdown/{dimension}', { path: { dimension }, query: { ...analyticsQuery(filter), limit: ROWS } });
  const title = dimension === 'utm_campaign' ? t('attribution.campaigns') : t('attribution.channels');
  const rows = report.data?.rows.filter((r) => r.views + r.clicks > 0) ?? [];
  return (
    <Panel title={title} className={`panel-attribution panel-${dimension}`} loading={report.loading} error={report.error}>
      {report.data && rows.length === 0 ? <p className="empty">{t('attribution.empty')}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">{dimension === 'utm_campaign' ? t('attribution.campaign') : t('attribution.channel')}</th>
                <th scope="col" className="num">
                  {t('attribution.views')}
                </th>
                <th scope="col" className="num">
                  {t('attribution.clicks')}
                </th>
                <th scope="col" className="num">
                  <abbr title={t('attribution.ctrLong')}>{t('attribution.ctr')}</abbr>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.value}>
                  <th scope="row">{valueLabel(dimension, r)}</th>
                  <td className="num">{formatCount(r.views)}</td>
                  <td className="num">{formatCount(r.clicks)}</td>
                  <td className="num">{formatFraction(r.clickThroughRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
