// One client's reconciliation: per day (or hour) and in total, Duotrack's views and clicks against
// the legacy counts, the differences, the verdict against the tolerance and what explains a gap.
import { useTranslation } from 'react-i18next';
import type { Reconciliation as Answer } from '../api/types';
import { formatCount, formatGrowth, formatPercent } from '../ui/format';

/** T with every property present, as the server sends the reconciliation (its schema does not list them as required). */
type Complete<T> = T extends readonly (infer I)[] ? Complete<I>[] : T extends object ? { [K in keyof T]-?: Complete<Exclude<T[K], undefined>> } : T;
export type Reconciliation = Complete<Answer>;
export type ClientReconciliation = Reconciliation['clients'][number];
type Period = ClientReconciliation['total'];

const signedCount = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${formatCount(n)}`);
const signedPercent = (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatGrowth(n));
const VERDICT_BADGE = { within: 'badge-live', outside: 'badge-open', no_legacy_data: 'badge-archived' } as const;

export function ReconcileTable({ client, tolerance }: { readonly client: ClientReconciliation; readonly tolerance: number }) {
  const { t } = useTranslation('migration');
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="offscreen">{t('caption', { name: client.name, from: client.window.from, to: client.window.to, zone: client.timeZone, tolerance })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('column.period')}</th>
            <th scope="col" className="num">{t('column.duotrackViews')}</th>
            <th scope="col" className="num">{t('column.legacyViews')}</th>
            <th scope="col" className="num">{t('column.difference')}</th>
            <th scope="col" className="num">{t('column.viewsPercent')}</th>
            <th scope="col" className="num">{t('column.duotrackClicks')}</th>
            <th scope="col" className="num">{t('column.legacyClicks')}</th>
            <th scope="col" className="num">{t('column.clicksPercent')}</th>
            <th scope="col">{t('column.verdict')}</th>
            <th scope="col">{t('column.explanation')}</th>
          </tr>
        </thead>
        <tbody>
          {client.periods.map((p) => (
            <PeriodRow key={p.period} p={p} />
          ))}
        </tbody>
        <tfoot>
          <PeriodRow p={{ ...client.total, period: t('total') }} />
        </tfoot>
      </table>
    </div>
  );
}

function PeriodRow({ p }: { readonly p: Period }) {
  const { t } = useTranslation('migration');
  return (
    <tr>
      <th scope="row">{p.period}</th>
      <td className="num">{formatCount(p.duotrack.views)}</td>
      <td className="num">{p.legacy ? formatCount(p.legacy.views) : '—'}</td>
      <td className="num">{signedCount(p.difference?.views)}</td>
      <td className="num">{signedPercent(p.percent?.views)}</td>
      <td className="num">{formatCount(p.duotrack.clicks)}</td>
      <td className="num">{p.legacy ? formatCount(p.legacy.clicks) : '—'}</td>
      <td className="num">{signedPercent(p.percent?.clicks)}</td>
      <td>
        <span className={`badge ${VERDICT_BADGE[p.verdict]}`}>{t(`verdict.${p.verdict}`)}</span>
      </td>
      <td>
        <Explanation e={p.explanation} />
      </td>
    </tr>
  );
}

/** What explains a gap, only what applies (the API's `notes` say the same in English). */
function Explanation({ e }: { readonly e: Period['explanation'] }) {
  const { t } = useTranslation('migration');
  const notes = [
    ...(e.botViews > 0 ? [t('note.bots', { count: e.botViews })] : []),
    ...(e.prefetchViews > 0 ? [t('note.prefetch', { count: e.prefetchViews })] : []),
    ...(e.consentRefusedViews > 0 ? [t('note.consentRefused', { count: e.consentRefusedViews })] : []),
    ...(e.unconfirmedViews > 0 ? [t('note.unconfirmed', { rate: formatPercent(e.clientTrackingRate), missed: formatCount(e.unconfirmedViews) })] : []),
    ...(e.optOutViews > 0 ? [t('note.optOut', { count: e.optOutViews })] : []),
  ];
  if (notes.length === 0) return <>—</>;
  return (
    <ul className="plain-list">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
