// Under a service row: where the catalogues found it and how sure they are, "Check this" (explained,
// with the link to open and a button to confirm) when they are not sure, and the countries where
// the release is not on the service.
import { useTranslation } from 'react-i18next';
import { useCatalogueWords } from './catalogue-words';
import type { ServiceDraft } from './draft';

interface Props {
  readonly service: ServiceDraft;
  readonly name: string;
  readonly readOnly: boolean;
  onConfirm(): void;
}

export function ServiceOriginNote({ service, name, readOnly, onConfirm }: Props) {
  const { t } = useTranslation('smartlinks');
  const { originLine } = useCatalogueWords();
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
          <strong className="badge badge-check">{t('catalogue.checkThis')}</strong> {t('catalogue.unsure')}{' '}
          <a href={service.url} target="_blank" rel="noopener noreferrer">
            {t('catalogue.openIt')}
          </a>
          {t('catalogue.confirmIt')}{' '}
          {readOnly ? null : (
            <button type="button" className="button-secondary button-small" onClick={onConfirm}>
              {t('catalogue.isRight', { name })}
            </button>
          )}
        </p>
      ) : null}
      {hiddenIn.length ? <p className="hint">{t('catalogue.hiddenIn', { countries: hiddenIn.join(', ') })}</p> : null}
    </div>
  );
}
