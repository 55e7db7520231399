// One client's migration card: its mode and readiness, the switch and rollback buttons, its legacy
// mirror, and its reconciliation over the chosen window.
import { useTranslation } from 'react-i18next';
import { MirrorForm } from './MirrorForm';
import { ModeSwitch, type MigrationState } from './ModeSwitch';
import { ReconcileTable, type ClientReconciliation } from './ReconcileTable';

interface Props {
  readonly state: MigrationState;
  readonly reconciliation: ClientReconciliation | undefined;
  readonly tolerance: number;
}

export function ClientMigration({ state, reconciliation, tolerance }: Props) {
  const { t } = useTranslation('migration');
  const headingId = `migration-${state.clientId}`;
  return (
    <article className="card migration-client" aria-labelledby={headingId}>
      <div className="alert-head">
        <h2 id={headingId}>{state.name}</h2>
        <span className="badge">{t('modeBadge', { mode: t(`mode.${state.mode}`) })}</span>
        {reconciliation ? <span className={`badge ${reconciliation.readyToSwitch ? 'badge-live' : 'badge-open'}`}>{t(reconciliation.readyToSwitch ? 'ready' : 'notReady')}</span> : null}
      </div>
      <ModeSwitch state={state} />
      <MirrorForm state={state} />
      {reconciliation ? <ReconcileTable client={reconciliation} tolerance={tolerance} /> : <p className="empty">{t('noReconciliation')}</p>}
    </article>
  );
}
