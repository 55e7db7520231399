// Download the period's figures as CSV (GET /api/v1/analytics/export.csv with the dashboard's filters).
import { useTranslation } from 'react-i18next';
import { analyticsQuery, type AnalyticsFilter } from '../api/analytics';
import { fetchFile } from '../api/http';
import { ErrorMessage } from '../ui/Alert';
import { attachmentName, saveBlob } from '../ui/download';
import { useAction } from '../ui/useAction';

export function ExportButton({ filter }: { readonly filter: AnalyticsFilter }) {
  const { t } = useTranslation('dashboard');
  const { busy, error, run } = useAction();
  const download = () =>
    run(async () => {
      const { blob, headers } = await fetchFile('/api/v1/analytics/export.csv', { query: analyticsQuery(filter) });
      saveBlob(blob, attachmentName(headers.get('content-disposition'), `duotrack-${filter.from ?? ''}-${filter.to ?? ''}.csv`));
    });
  return (
    <div className="export">
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void download()}>
        {busy ? t('export.busy') : t('export.button')}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
