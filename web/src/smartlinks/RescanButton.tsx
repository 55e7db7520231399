// "Rescan" on a saved smartlink that knows its release (UPC, ISRC or the pasted link): looks it up
// again, and the server adds (and saves) the services found with confidence since; the doubtful
// ones are listed here to be checked, each added to the form only by a person's click.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import type { Smartlink } from '../api/types';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { useAction } from '../ui/useAction';
import { serviceLabel } from './catalogue';
import type { CatalogueIdentity, ServiceDraft } from './draft';
import { useCatalogueWords } from './catalogue-words';
import type { ReleaseService, Rescan } from './release';

interface Props {
  readonly smartlink: Smartlink;
  readonly catalogue: CatalogueIdentity;
  /** The rows of the form: a doubtful service already there is not offered again. */
  readonly services: readonly ServiceDraft[];
  onRescanned(result: Rescan): void;
  onAddReviewed(service: ReleaseService): void;
}

/** "UPC 5021732000013, the link https://open.spotify.com/album/…". */
function identityOf(catalogue: CatalogueIdentity): string {
  const parts = [catalogue.upc ? `UPC ${catalogue.upc}` : null, catalogue.isrc ? `ISRC ${catalogue.isrc}` : null, catalogue.sourceUrl ? catalogue.sourceUrl : null];
  return parts.filter((p) => p !== null).join(', ');
}

export function RescanButton({ smartlink, catalogue, services, onRescanned, onAddReviewed }: Props) {
  const { t } = useTranslation('smartlinks');
  const { originLine } = useCatalogueWords();
  const id = useId();
  const rescan = useAction();
  const [result, setResult] = useState<Rescan | null>(null);

  const run = () =>
    void rescan.run(async () => {
      setResult(null);
      const answer = await api.post('/api/v1/smartlinks/{id}/rescan', { params: { path: { id: smartlink.id } } });
      setResult(answer);
      onRescanned(answer);
    });

  const review = result ? result.review.filter((r) => !services.some((s) => s.service === r.service)) : [];
  return (
    <div className="rescan" role="group" aria-labelledby={`${id}-title`}>
      <h3 className="fill-subtitle" id={`${id}-title`}>
        {t('rescan.title')}
      </h3>
      <p className="hint" id={`${id}-hint`}>
        {t('rescan.hint', { identity: identityOf(catalogue) })}
      </p>
      <button type="button" className="button-secondary" disabled={rescan.busy} aria-describedby={`${id}-hint`} onClick={run}>
        {rescan.busy ? t('rescan.busy') : t('rescan.button')}
      </button>
      <ErrorMessage error={rescan.error} />
      {result ? (
        <StatusMessage>
          {result.added.length ? t('rescan.added', { services: result.added.map((s) => serviceLabel(s.service, s.label)).join(', ') }) : t('rescan.none')}
          {result.review.length ? t('rescan.more', { count: result.review.length }) : ''}
        </StatusMessage>
      ) : null}
      {review.length ? (
        <div className="check-this">
          <p>
            <strong className="badge badge-check">{t('catalogue.checkThis')}</strong> {t('rescan.review')}
          </p>
          <ul className="plain-list review-list">
            {review.map((r) => {
              const name = serviceLabel(r.service, undefined);
              return (
                <li key={r.service}>
                  <a href={r.url} target="_blank" rel="noopener noreferrer">
                    {name}
                  </a>{' '}
                  <span className="hint">{originLine(r.source, r.confidence)}</span>{' '}
                  <button type="button" className="button-secondary button-small" onClick={() => onAddReviewed(r)}>
                    {t('rescan.add', { name })}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
