// "Fill from a link, UPC or ISRC": asks the catalogue resolver, fills the form (nothing is saved),
// and says what each catalogue answered and which services were looked for and not found. Its own
// <form>, so Enter in the field fills rather than saving the smartlink.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/http';
import { useAction } from '../ui/useAction';
import { serviceLabel } from './catalogue';
import type { ServiceDraft } from './draft';
import { useCatalogueWords } from './catalogue-words';
import { stillMissing, type CatalogueRelease } from './release';

interface Props {
  readonly services: readonly ServiceDraft[];
  /** What Save is called on this form ("Create smartlink", "Save changes"). */
  readonly saveLabel: string;
  onFilled(release: CatalogueRelease, query: string): void;
  /** Adds an empty row for a service the catalogues did not find. */
  onAddService(service: string): void;
  /** More about the release under the fill (Rescan, on a saved smartlink). */
  readonly children?: ReactNode;
}

export function CatalogueFill({ services, saveLabel, onFilled, onAddService, children }: Props) {
  const { t } = useTranslation('smartlinks');
  const { providerLine } = useCatalogueWords();
  const id = useId();
  const [query, setQuery] = useState('');
  const [release, setRelease] = useState<CatalogueRelease | null>(null);
  const fill = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    if (!q) return fill.fail(new Error(t('catalogue.empty')));
    void fill.run(async () => {
      setRelease(null);
      const found = await api.post('/api/v1/catalogue/resolve', { body: { query: q } });
      setRelease(found);
      onFilled(found, q);
    });
  };

  const missing = release ? stillMissing(release.missing, services) : [];
  const problem = fill.error ? errorMessage(fill.error) : null;
  return (
    <section className="card catalogue-fill" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('catalogue.title')}</h2>
      <form onSubmit={submit} noValidate aria-label={t('catalogue.title')}>
        <div className="field">
          <label htmlFor={id}>{t('catalogue.field')}</label>
          <div className="input-with-button">
            <input
              id={id}
              value={query}
              autoComplete="off"
              spellCheck={false}
              placeholder="https://open.spotify.com/album/…"
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${id}-hint`}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button type="submit" className="button-secondary" disabled={fill.busy}>
              {fill.busy ? t('catalogue.filling') : t('catalogue.fill')}
            </button>
          </div>
          <p className="hint" id={`${id}-hint`}>
            {problem ? (
              <span className="field-error" role="alert">
                {problem}
              </span>
            ) : (
              t('catalogue.hint', { save: saveLabel })
            )}
          </p>
        </div>
      </form>
      <p className="offscreen" role="status">
        {fill.busy ? t('catalogue.looking') : ''}
      </p>
      {release ? (
        <div className="fill-result">
          <p className="message message-ok" role="status">
            {t('catalogue.filled', { artist: release.artist, title: release.title, count: release.services.length, save: saveLabel })}
          </p>
          <h3 className="fill-subtitle">{t('catalogue.answered')}</h3>
          <ul className="plain-list provider-list">
            {release.providers.map((p) => (
              <li key={p.provider} className={`provider provider-${p.status}`}>
                {providerLine(p)}
              </li>
            ))}
          </ul>
          {missing.length ? (
            <div className="check-this" role="group" aria-label={t('catalogue.notFoundGroup')}>
              <p>
                <strong className="badge badge-check">{t('catalogue.checkThis')}</strong> {t('catalogue.notFound', { services: missing.map((s) => serviceLabel(s, undefined)).join(', ') })}
              </p>
              <div className="toolbar">
                {missing.map((s) => (
                  <button key={s} type="button" className="button-secondary button-small" onClick={() => onAddService(s)}>
                    {t('catalogue.addByHand', { service: serviceLabel(s, undefined) })}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}
