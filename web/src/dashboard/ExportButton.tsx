// Download the period's figures as CSV (GET /analytics/export.csv with the dashboard's filters).
import { analyticsPath, type AnalyticsFilter } from '../api/analytics';
import { fetchApi } from '../api/http';
import { ErrorMessage } from '../ui/Alert';
import { attachmentName, saveBlob } from '../ui/download';
import { useAction } from '../ui/useAction';

export function ExportButton({ filter }: { readonly filter: AnalyticsFilter }) {
  const { busy, error, run } = useAction();
  const download = () =>
    run(async () => {
      const response = await fetchApi('GET', analyticsPath('export.csv', filter));
      saveBlob(await response.blob(), attachmentName(response.headers.get('content-disposition'), `duotrack-${filter.from ?? ''}-${filter.to ?? ''}.csv`));
    });
  return (
    <div className="export">
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing CSV…' : 'Export CSV'}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
