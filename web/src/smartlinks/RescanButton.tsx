// "Rescan" on a saved smartlink that knows its release (UPC, ISRC or the pasted link): looks it up
// again, and the server adds (and saves) the services found with confidence since; the doubtful
// ones are listed here to be checked, each added to the form only by a person's click.
import { useId, useState } from 'react';
import { api } from '../api/http';
import type { Smartlink } from '../api/types';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { useAction } from '../ui/useAction';
import { serviceLabel } from './catalogue';
import type { CatalogueIdentity, ServiceDraft } from './draft';
import { originLine, type ReleaseService, type Rescan } from './release';

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
        Rescan
      </h3>
      <p className="hint" id={`${id}-hint`}>
        Looks the release up again ({identityOf(catalogue)}) and adds the services it has reached since it was saved.
      </p>
      <button type="button" className="button-secondary" disabled={rescan.busy} aria-describedby={`${id}-hint`} onClick={run}>
        {rescan.busy ? 'Rescanning…' : 'Rescan'}
      </button>
      <ErrorMessage error={rescan.error} />
      {result ? (
        <StatusMessage>
          {result.added.length ? `Added: ${result.added.map((s) => serviceLabel(s.service, s.label)).join(', ')} (saved).` : 'No new services found.'}
          {result.review.length ? ` ${result.review.length} more to check below.` : ''}
        </StatusMessage>
      ) : null}
      {review.length ? (
        <div className="check-this">
          <p>
            <strong className="badge badge-check">Check this</strong> Found, but the catalogues are not sure these are the same release; not added. Open each link, and add
            it if it is right.
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
                    Add {name}
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
