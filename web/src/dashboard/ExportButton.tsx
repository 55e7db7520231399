// Download the period's figures as CSV (GET /analytics/export.csv with the dashboard's filters).
import { useState } from 'react';
import { analyticsPath, type AnalyticsFilter } from '../api/analytics';
import { fetchApi } from '../api/http';
import { ErrorMessage } from '../ui/Alert';
import { attachmentName, saveBlob } from '../ui/download';

export function ExportButton({ filter }: { readonly filter: AnalyticsFilter }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetchApi('GET', analyticsPath('export.csv', filter));
      saveBlob(await response.blob(), attachmentName(response.headers.get('content-disposition'), `duotrack-${filter.from ?? ''}-${filter.to ?? ''}.csv`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export">
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing CSV…' : 'Export CSV'}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
