// Migration from a legacy system (master, SPEC §11): each migrating client's tracking mode with
// switch and rollback buttons, and its reconciliation — Duotrack versus the legacy counts per day
// (or hour) over a window (48 h by default), the verdict against the tolerance, what explains a
// gap, and a "ready to switch" badge when every period is within it.
import { useState } from 'react';
import { api } from '../api/http';
import type { Reconciliation as Answer } from '../api/types';
import { useApi } from '../api/useApi';
import { ErrorMessage, Loading, StatusMessage } from '../ui/Alert';
import { useAction } from '../ui/useAction';

/** T with every property present, as the server sends the reconciliation (its schema does not list them as required). */
type Complete<T> = T extends readonly (infer I)[] ? Complete<I>[] : T extends object ? { [K in keyof T]-?: Complete<Exclude<T[K], undefined>> } : T;
type Reconciliation = Complete<Answer>;
type ClientReconciliation = Reconciliation['clients'][number];
type Period = ClientReconciliation['total'];
type Mode = ClientReconciliation['mode'];

const MODES: readonly Mode[] = ['legacy', 'dual', 'duotrack'];
const MODE_NAMES: Record<Mode, string> = { legacy: 'Legacy', dual: 'Dual run', duotrack: 'Duotrack' };

const VERDICTS = { within: 'Within', outside: 'Outside', no_legacy_data: 'No legacy data' } as const;
const signed = (n: number | null | undefined, unit = '') => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toLocaleString('en')}${unit}`);

export function MigrationPage() {
  const [granularity, setGranularity] = useState<'day' | 'hour'>('day');
  const [tolerance, setTolerance] = useState('2');
  const tol = Number(tolerance);
  const valid = tolerance !== '' && Number.isFinite(tol) && tol >= 0 && tol <= 100;
  const result = useApi(valid ? '/api/v1/migration/reconcile' : null, { query: { granularity, tolerance: tol, hours: 48 } });
  const data = result.data as Reconciliation | undefined;

  return (
    <section className="page" aria-labelledby="migration-title">
      <h1 id="migration-title">Migration</h1>
      <p className="muted">
        Each client moves on its own from its legacy system: <strong>Legacy</strong> (Duotrack records, the legacy system stays the reference and receives every event), <strong>Dual run</strong> (both, reconciled), then <strong>Duotrack</strong>. A switch can be rolled back; both are in the audit log.
      </p>
      <div className="filters" role="group" aria-label="Reconciliation settings">
        <label>
          Periods{' '}
          <select value={granularity} onChange={(e) => setGranularity(e.target.value as 'day' | 'hour')}>
            <option value="day">Days (last 2 whole days)</option>
            <option value="hour">Hours (last 48 whole hours)</option>
          </select>
        </label>
        <label>
          Tolerance (±%){' '}
          <input type="number" min={0} max={100} step={0.5} value={tolerance} onChange={(e) => setTolerance(e.target.value)} aria-invalid={!valid} />
        </label>
      </div>
      {!valid ? <p className="message message-error" role="alert">The tolerance is a percentage from 0 to 100.</p> : null}
      <ErrorMessage error={result.error} />
      {result.loading ? <Loading what="Reconciling" /> : null}
      {data && data.clients.length === 0 ? (
        <p className="empty">No client is migrating: import legacy counts (duotrack import-legacy, or POST /api/v1/migration/imports), or switch a client to Legacy or Dual run.</p>
      ) : null}
      {data?.clients.map((c) => <ClientMigration key={c.clientId} client={c} tolerance={data.tolerance} onChange={result.reload} />)}
    </section>
  );
}

function ClientMigration({ client, tolerance, onChange }: { readonly client: ClientReconciliation; readonly tolerance: number; readonly onChange: () => void }) {
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const headingId = `migration-${client.clientId}`;

  const params = { path: { id: client.clientId } };
  const act = (send: () => Promise<unknown>, message: string) => {
    setDone(null);
    return run(async () => {
      await send();
      setDone(message);
      onChange();
    });
  };

  return (
    <article className="card migration-client" aria-labelledby={headingId}>
      <div className="alert-head">
        <h2 id={headingId}>{client.name}</h2>
        <span className="badge">Mode: {MODE_NAMES[client.mode]}</span>
        {client.readyToSwitch ? <span className="badge badge-live">Ready to switch</span> : <span className="badge badge-open">Not ready</span>}
      </div>
      <div className="toolbar" role="group" aria-label={`Tracking mode of ${client.name}`}>
        {MODES.filter((m) => m !== client.mode).map((m) => (
          <button key={m} type="button" className="button-secondary" disabled={busy} onClick={() => void act(() => api.post('/api/v1/clients/{id}/tracking-mode', { params, body: { mode: m } }), `${client.name} switched to ${MODE_NAMES[m]}.`)}>
            Switch to {MODE_NAMES[m]}
          </button>
        ))}
        {client.previousMode ? (
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void act(() => api.post('/api/v1/clients/{id}/tracking-mode/rollback', { params }), `${client.name} rolled back to ${MODE_NAMES[client.previousMode as Mode]}.`)}>
            Roll back to {MODE_NAMES[client.previousMode]}
          </button>
        ) : null}
      </div>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ErrorMessage error={error} />
      <div className="table-scroll">
        <table className="data-table">
          <caption className="offscreen">
            {client.name}: Duotrack versus the legacy system, {client.window.from} to {client.window.to} ({client.timeZone}), tolerance ±{tolerance} %
          </caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col" className="num">Duotrack views</th>
              <th scope="col" className="num">Legacy views</th>
              <th scope="col" className="num">Difference</th>
              <th scope="col" className="num">Views %</th>
              <th scope="col" className="num">Duotrack clicks</th>
              <th scope="col" className="num">Legacy clicks</th>
              <th scope="col" className="num">Clicks %</th>
              <th scope="col">Verdict</th>
              <th scope="col">Explanation</th>
            </tr>
          </thead>
          <tbody>
            {client.periods.map((p) => (
              <PeriodRow key={p.period} p={p} />
            ))}
          </tbody>
          <tfoot>
            <PeriodRow p={{ ...client.total, period: 'Total' }} />
          </tfoot>
        </table>
      </div>
    </article>
  );
}

function PeriodRow({ p }: { readonly p: Period }) {
  return (
    <tr>
      <th scope="row">{p.period}</th>
      <td className="num">{p.duotrack.views.toLocaleString('en')}</td>
      <td className="num">{p.legacy ? p.legacy.views.toLocaleString('en') : '—'}</td>
      <td className="num">{signed(p.difference?.views)}</td>
      <td className="num">{signed(p.percent?.views, ' %')}</td>
      <td className="num">{p.duotrack.clicks.toLocaleString('en')}</td>
      <td className="num">{p.legacy ? p.legacy.clicks.toLocaleString('en') : '—'}</td>
      <td className="num">{signed(p.percent?.clicks, ' %')}</td>
      <td>
        <span className={`badge ${p.verdict === 'within' ? 'badge-live' : p.verdict === 'outside' ? 'badge-open' : 'badge-archived'}`}>{VERDICTS[p.verdict]}</span>
      </td>
      <td>{p.explanation.notes.length ? <ul className="plain-list">{p.explanation.notes.map((n) => <li key={n}>{n}</li>)}</ul> : '—'}</td>
    </tr>
  );
}
