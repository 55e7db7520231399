// Under a service row: where the catalogues found it and how sure they are, "Check this" (explained,
// with the link to open and a button to confirm) when they are not sure, and the countries where
// the release is not on the service.
import type { ServiceDraft } from './draft';
import { originLine } from './release';

interface Props {
  readonly service: ServiceDraft;
  readonly name: string;
  readonly readOnly: boolean;
  onConfirm(): void;
}

export function ServiceOriginNote({ service, name, readOnly, onConfirm }: Props) {
  const { origin, hiddenIn } = service;
  if (!origin && hiddenIn.length === 0) return null;
  return (
    <div className="service-origin">
      {origin ? (
        <p className="hint">
          {originLine(origin.source, origin.confidence)}.{origin.note ? ` ${origin.note}` : ''}
        </p>
      ) : null}
      {origin?.review ? (
        <p className="check-this-row">
          <strong className="badge badge-check">Check this</strong> The catalogues are not sure this link is the same release.{' '}
          <a href={service.url} target="_blank" rel="noopener noreferrer">
            Open it
          </a>
          , then confirm it, change it or remove it: the smartlink cannot be saved until you do.{' '}
          {readOnly ? null : (
            <button type="button" className="button-secondary button-small" onClick={onConfirm}>
              {`${name} is right`}
            </button>
          )}
        </p>
      ) : null}
      {hiddenIn.length ? <p className="hint">Not available in {hiddenIn.join(', ')}: hidden from fans there.</p> : null}
    </div>
  );
}
