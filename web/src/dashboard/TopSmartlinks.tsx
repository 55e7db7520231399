// The client's most viewed smartlinks; each opens the same dashboard narrowed to it (drill-down).
import { useTranslation } from 'react-i18next';
import type { Overview } from '../api/analytics';
import { formatCount } from '../ui/format';
import { smartlinkName } from './names';
import { Panel } from './Panel';

interface Props {
  readonly overview: Overview | undefined;
  readonly loading: boolean;
  onDrill(smartlinkId: string): void;
}

export function TopSmartlinks({ overview, loading, onDrill }: Props) {
  const { t } = useTranslation('dashboard');
  return (
    <Panel title={t('topSmartlinks.title')} loading={loading}>
      {overview && overview.topSmartlinks.length === 0 ? <p className="empty">{t('topSmartlinks.empty')}</p> : null}
      {overview && overview.topSmartlinks.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('topSmartlinks.smartlink')}</th>
                <th scope="col" className="num">
                  {t('topSmartlinks.views')}
                </th>
                <th scope="col" className="num">
                  {t('topSmartlinks.uniques')}
                </th>
                <th scope="col" className="num">
                  {t('topSmartlinks.clicks')}
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.topSmartlinks.map((s) => (
                <tr key={s.smartlinkId}>
                  <th scope="row">
                    <button type="button" className="button-link" onClick={() => onDrill(s.smartlinkId)}>
                      {smartlinkName(s)}
                    </button>
                    {s.slug ? <span className="muted"> /{s.slug}</span> : null}
                  </th>
                  <td className="num">{formatCount(s.views)}</td>
                  <td className="num">{formatCount(s.uniqueVisitors)}</td>
                  <td className="num">{formatCount(s.clicks)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
