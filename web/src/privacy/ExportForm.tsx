// The raw data export (GET /privacy/export): a client's events (or every client's, for master),
// every column, as CSV or NDJSON, over optional days, saved as the file the API names.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFile } from '../api/http';
import { ErrorMessage } from '../ui/Alert';
import { attachmentName, saveBlob } from '../ui/download';
import { SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';

type Format = 'csv' | 'ndjson';

export function ExportForm({ clientId }: { readonly clientId: string }) {
  const { t } = useTranslation('privacy');
  const { busy, error, run } = useAction();
  const [format, setFormat] = useState<Format>('csv');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const backwards = from !== '' && to !== '' && to < from;

  const download = () =>
    run(async () => {
      const query = { format, ...(clientId ? { clientId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
      const { blob, headers } = await fetchFile('/api/v1/privacy/export', { query });
      saveBlob(blob, attachmentName(headers.get('content-disposition'), `duotrack-events.${format}`));
    });

  return (
    <section className="card" aria-labelledby="privacy-export">
      <h2 id="privacy-export">{t('export.title')}</h2>
      <p className="hint">{t('export.hint')}</p>
      <div className="filters">
        <SelectField label={t('export.format')} value={format} onChange={(e) => setFormat(e.target.value as Format)}>
          <option value="csv">{t('export.csv')}</option>
          <option value="ndjson">{t('export.ndjson')}</option>
        </SelectField>
        <TextField label={t('export.from')} type="date" value={from} error={fieldError(error, 'from')} onChange={(e) => setFrom(e.target.value)} />
        <TextField label={t('export.to')} type="date" value={to} error={backwards ? t('export.toBeforeFrom') : fieldError(error, 'to')} onChange={(e) => setTo(e.target.value)} />
        <button type="button" className="button-primary" disabled={busy || backwards} onClick={() => void download()}>
          {busy ? t('export.preparing') : t('export.button')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
