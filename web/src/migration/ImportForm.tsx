// The legacy import from the browser: a CSV or JSON file read here and sent as the body the route
// takes (CSV text as { csv }, a JSON file as its rows), for one client's rows or rows that name
// theirs; the summary, or every problem line by line (nothing is imported then).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/http';
import type { paths } from '../api/schema';
import { useInvalidate } from '../api/useApi';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { useAction } from '../ui/useAction';

type Body = paths['/api/v1/migration/imports']['post']['requestBody']['content']['application/json'];
interface Problem {
  readonly line?: number;
  readonly reason?: string;
}

/** The body for a file: JSON as it is (rows, { rows } or { csv }), anything else as CSV text. */
async function bodyOf(file: File): Promise<Body> {
  const text = await file.text();
  return /\.json$/i.test(file.name) || file.type === 'application/json' ? (JSON.parse(text) as Body) : { csv: text };
}

export function ImportForm({ clients }: { readonly clients: readonly { readonly id: string; readonly name: string }[] }) {
  const { t } = useTranslation('migration');
  const invalidate = useInvalidate();
  const { busy, error, fail, run } = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [clientId, setClientId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const problems = error instanceof ApiError && error.code === 'invalid_rows' ? (error.problems as readonly Problem[]) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!file) return fail(new Error(t('import.chooseFile')));
    void run(async () => {
      let body: Body;
      try {
        body = await bodyOf(file);
      } catch (err) {
        throw new Error(t('import.notJson', { reason: (err as Error).message }));
      }
      const summary = await api.post('/api/v1/migration/imports', { params: { query: clientId ? { clientId } : {} }, body });
      const rows = summary.rows ?? 0;
      setDone([t('import.done', { count: rows, clients: summary.clients?.length ?? 0 }), ...(summary.replaced ? [t('import.replaced', { count: summary.replaced })] : [])].join(' '));
      invalidate('/api/v1/migration');
    });
  };

  return (
    <section className="card" aria-labelledby="migration-import">
      <h2 id="migration-import">{t('import.title')}</h2>
      <p className="hint">{t('import.hint')}</p>
      <form onSubmit={submit} noValidate className="filters">
        <SelectField label={t('import.client')} value={clientId} onChange={(e) => setClientId(e.target.value)}>
          <option value="">{t('import.anyClient')}</option>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('import.file')} type="file" accept=".csv,.json,text/csv,application/json,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" className="button-primary" disabled={busy}>
          {t('import.submit')}
        </button>
      </form>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {problems.length > 0 ? (
        <div className="message message-error" role="alert">
          <p>{t('import.problems')}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={`${p.line ?? 0}-${i}`}>{p.line ? t('import.line', { line: p.line, reason: p.reason }) : t('import.whole', { reason: p.reason })}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
    </section>
  );
}
