// The client's most viewed smartlinks; each opens the same dashboard narrowed to it (drill-down).
import type { Overview } from '../api/analytics';
import { formatCount } from '../ui/format';
import { smartlinkName } from './names';
import { Panel } from './Panel';

interface Props {
  readonly overview: Overview | undefined;
  readonly loading: boolean;
  readonly error: unknown;
  onDrill(smartlinkId: string): void;
}

export function TopSmartlinks({ overview, loading, error, onDrill }: Props) {
  return (
    <Panel title="Top smartlinks" loading={loading} error={error}>
      {overview && overview.topSmartlinks.length === 0 ? <p className="empty">No views in this period.</p> : null}
      {overview && overview.topSmartlinks.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Smartlink</th>
                <th scope="col" className="num">
                  Views
                </th>
                <th scope="col" className="num">
                  Uniques
                </th>
                <th scope="col" className="num">
                  Clicks
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
