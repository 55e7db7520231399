// Migration from a legacy system (master, SPEC §11): the reconciliation window, the legacy import,
// and a card per migrating client (a mode other than Duotrack, a mirror, or legacy counts in the
// window) — or any other client chosen — with its mode switch, its mirror and its reconciliation.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/useApi';
import { ErrorMessage, Loading } from '../ui/Alert';
import { SelectField } from '../ui/Field';
import { usePageTitle } from '../ui/usePageTitle';
import { ClientMigration } from './ClientMigration';
import { ImportForm } from './ImportForm';
import { DEFAULT_WINDOW, reconcileQuery, type WindowChoice } from './reconcileQuery';
import { ReconcileWindow } from './ReconcileWindow';
import type { Reconciliation } from './ReconcileTable';

export function MigrationPage() {
  const { t } = useTranslation('migration');
  usePageTitle(t('title'));
  const [choice, setChoice] = useState<WindowChoice>(DEFAULT_WINDOW);
  const [extra, setExtra] = useState<string>('');
  const { query, problems } = reconcileQuery(choice, t);
  const result = useApi(query ? '/api/v1/migration/reconcile' : null, { query: query ?? {} });
  const states = useApi('/api/v1/migration/clients');
  const data = result.data as Reconciliation | undefined;
  const reconciled = new Map((data?.clients ?? []).map((c) => [c.clientId, c]));
  const all = states.data?.data ?? [];
  const shown = all.filter((s) => reconciled.has(s.clientId as string) || s.mode !== 'duotrack' || s.mirror || s.clientId === extra);
  const others = all.filter((s) => !shown.includes(s));

  return (
    <section className="page" aria-labelledby="migration-title">
      <h1 id="migration-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <ReconcileWindow choice={choice} problems={problems} onChange={setChoice} />
      <ErrorMessage error={result.error ?? states.error} />
      {result.loading || states.loading ? <Loading what={t('reconciling')} /> : null}
      {states.data && shown.length === 0 ? <p className="empty">{t('none')}</p> : null}
      {shown.map((s) => (
        <ClientMigration key={s.clientId} state={s} reconciliation={reconciled.get(s.clientId as string)} tolerance={data?.tolerance ?? Number(choice.tolerance)} />
      ))}
      {others.length > 0 ? (
        <div className="filters">
          <SelectField label={t('otherClient')} value="" onChange={(e) => setExtra(e.target.value)}>
            <option value="" disabled>
              {t('show')}
            </option>
            {others.map((s) => (
              <option key={s.clientId} value={s.clientId}>
                {s.name}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      <ImportForm clients={all.map((s) => ({ id: s.clientId as string, name: s.name ?? '' }))} />
    </section>
  );
}
