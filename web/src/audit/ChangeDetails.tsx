// An audit entry's before and after, readable: for records, a table of their fields with the
// changed ones marked; anything else as indented JSON.
import { useTranslation } from 'react-i18next';

type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: Json) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 1));

export function ChangeDetails({ before, after }: { readonly before: Json; readonly after: Json }) {
  const { t } = useTranslation('audit');
  if (before === null && after === null) return <>{t('empty')}</>;
  const records = (before === null || isRecord(before)) && (after === null || isRecord(after));
  return (
    <details>
      <summary>{t('details')}</summary>
      {records ? (
        <table className="data-table audit-change">
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('before')}</th>
              <th scope="col">{t('after')}</th>
            </tr>
          </thead>
          <tbody>
            {[...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].map((key) => {
              const [b, a] = [(before as Record<string, Json> | null)?.[key], (after as Record<string, Json> | null)?.[key]];
              const changed = JSON.stringify(b) !== JSON.stringify(a);
              return (
                <tr key={key} className={changed ? 'changed' : undefined}>
                  <th scope="row">{key}</th>
                  <td>
                    <code>{show(b)}</code>
                  </td>
                  <td>{changed ? <strong><code>{show(a)}</code></strong> : <code>{show(a)}</code>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <dl>
          <dt>{t('before')}</dt>
          <dd>
            <pre>{show(before)}</pre>
          </dd>
          <dt>{t('after')}</dt>
          <dd>
            <pre>{show(after)}</pre>
          </dd>
        </dl>
      )}
    </details>
  );
}
