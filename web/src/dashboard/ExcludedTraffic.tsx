// Traffic kept out of every figure above (bots, link previews, prefetches…), by reason.
import type { Overview } from '../api/analytics';
import { BarList } from '../ui/charts/BarList';
import { formatCountOf } from '../ui/format';
import { Panel } from './Panel';

export const REASONS: Readonly<Record<string, string>> = {
  crawler: 'Crawlers and scripts',
  link_preview: 'Link previews (social apps, chat)',
  prefetch: 'Browser prefetch, never shown',
  head_request: 'HEAD requests (link checkers)',
  empty_user_agent: 'No user agent',
};

export function ExcludedTraffic({ overview, loading, error }: { readonly overview: Overview | undefined; readonly loading: boolean; readonly error: unknown }) {
  return (
    <Panel title="Excluded traffic" loading={loading} error={error}>
      {overview ? (
        <>
          <p className="panel-summary">
            <strong>{formatCountOf(overview.excluded.views, 'view', 'views')}</strong> and <strong>{formatCountOf(overview.excluded.clicks, 'click', 'clicks')}</strong> were not counted as people.
          </p>
          <BarList
            label="Excluded traffic by reason"
            empty="Nothing excluded in this period."
            items={overview.excluded.byReason.map((r) => ({
              key: r.value,
              label: REASONS[r.value] ?? (r.value || 'Other'),
              value: r.views + r.clicks,
              detail: `${formatCountOf(r.views, 'view', 'views')} · ${formatCountOf(r.clicks, 'click', 'clicks')}`,
            }))}
          />
        </>
      ) : null}
    </Panel>
  );
}
