// Create or edit a smartlink: release details, status, services (order, per-country links), routing,
// the page's own tags, with a rendered preview of the page and, once saved, its link, QR code and
// analytics, and a way to delete it. The catalogues can fill the form from a pasted link, UPC or
// ISRC, and a saved smartlink can be rescanned for new services. A viewer sees the same, read-only.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/http';
import type { Smartlink, SmartlinkStatus } from '../api/types';
import { useApi, useInvalidate } from '../api/useApi';
import { useLocation, useNavigate } from '../app/router';
import { usePermissions } from '../auth/session';
import { useClient } from '../clients/ClientArea';
import { ErrorMessage, Loading, StatusMessage } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { NotFound } from '../ui/NotFound';
import { usePageTitle } from '../ui/usePageTitle';
import { CatalogueFill } from './CatalogueFill';
import { bodyOf, draftOf, newService, serviceDraftOf, slugify, type SmartlinkDraft } from './draft';
import { PagePreview } from './PagePreview';
import { filledDraft, sameRelease, serviceFromRelease, toCheck, type CatalogueRelease, type Rescan } from './release';
import { RescanButton } from './RescanButton';
import { RoutingRulesEditor } from './RoutingRulesEditor';
import { ServicesEditor } from './ServicesEditor';
import { ShareTools } from './ShareTools';
import { STATUSES } from './status';
import { TagOverrideEditor } from './TagOverrideEditor';

export function SmartlinkEditorPage({ smartlinkId }: { readonly smartlinkId: string | null }) {
  const { t } = useTranslation('smartlinks');
  const existing = useApi(smartlinkId ? '/api/v1/smartlinks/{id}' : null, { path: { id: smartlinkId ?? '' } });
  const { client } = useClient();
  if (smartlinkId) {
    if (existing.error instanceof ApiError && existing.error.status === 404) return <NotFound what="smartlink" />;
    if (!existing.data) return existing.error ? <ErrorMessage error={existing.error} /> : <Loading what={t('editor.loading')} />;
    // Another client's smartlink through this client's URL: not here.
    if (existing.data.clientId !== client.id) return <NotFound what="smartlink" />;
  }
  return <Editor initial={existing.data} />;
}

function Editor({ initial }: { readonly initial: Smartlink | undefined }) {
  const { t } = useTranslation('smartlinks');
  const { client } = useClient();
  const invalidate = useInvalidate();
  const { canWrite } = usePermissions();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [saved, setSaved] = useState<Smartlink | undefined>(initial);
  const [draft, setDraft] = useState<SmartlinkDraft>(() => draftOf(initial));
  const [slugTouched, setSlugTouched] = useState(!!initial);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(search.get('created') ? t('editor.created') : null);
  const [busy, setBusy] = useState(false);
  const readOnly = !canWrite;

  const set = (change: Partial<SmartlinkDraft>) => {
    const next = { ...draft, ...change };
    // A new smartlink's slug follows its artist and title until it is edited by hand.
    if (!slugTouched && (change.artistName !== undefined || change.trackTitle !== undefined)) next.slug = slugify(next.artistName, next.trackTitle);
    setDraft(next);
    setNotice(null);
  };

  const fill = (release: CatalogueRelease, query: string) => {
    setDraft(filledDraft(draft, release, query, slugTouched));
    setNotice(null);
  };
  // The server saved the services it added (and when it resolved): they join the form as they are,
  // beside any unsaved edit.
  const rescanned = ({ smartlink, added }: Rescan) => {
    setSaved(smartlink);
    setDraft((d) => ({
      ...d,
      services: [...d.services, ...added.filter((a) => !d.services.some((s) => s.service === a.service)).map((a) => serviceDraftOf(a))],
      catalogue: sameRelease(d.catalogue, saved?.catalogue ?? null) ? smartlink.catalogue : d.catalogue,
    }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const unchecked = toCheck(draft.services);
    if (unchecked.length) {
      setError(new Error(t('editor.toCheck', { services: unchecked.join(', ') })));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (saved) {
        const updated = await api.patch('/api/v1/smartlinks/{id}', { params: { path: { id: saved.id } }, body: bodyOf(draft) });
        setSaved(updated);
        setDraft(draftOf(updated));
        setNotice(t('editor.saved'));
        invalidate('/api/v1/smartlinks');
      } else {
        const created = await api.post('/api/v1/smartlinks', { body: { clientId: client.id, ...bodyOf(draft) } });
        invalidate('/api/v1/smartlinks');
        navigate(`/clients/${client.id}/smartlinks/${created.id}?created=1`, { replace: true });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  // Deleting removes it and its events (the API says so); the list is then shown without it.
  const remove = async () => {
    if (!saved) return;
    setBusy(true);
    setError(null);
    try {
      await api.delete('/api/v1/smartlinks/{id}', { params: { path: { id: saved.id } } });
      invalidate('/api/v1/smartlinks');
      invalidate('/api/v1/analytics');
      navigate(`/clients/${client.id}/smartlinks`, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const title = saved ? `${saved.artistName} – ${saved.trackTitle}` : t('editor.newTitle');
  usePageTitle(title);
  const saveLabel = saved ? t('editor.save') : t('editor.create');
  const errorOf = (field: string) => fieldError(error, field);
  return (
    <section className="page" aria-labelledby="editor-title">
      <div className="page-head">
        <h1 id="editor-title">{title}</h1>
        {saved ? <span className={`badge badge-${saved.status}`}>{t(`status.${saved.status}`)}</span> : null}
      </div>
      {readOnly ? null : (
        <CatalogueFill services={draft.services} saveLabel={saveLabel} onFilled={fill} onAddService={(service) => set({ services: [...draft.services, newService(service)] })}>
          {saved?.catalogue ? (
            <RescanButton
              smartlink={saved}
              catalogue={saved.catalogue}
              services={draft.services}
              onRescanned={rescanned}
              onAddReviewed={(r) => set({ services: [...draft.services, serviceFromRelease(r, false)] })}
            />
          ) : null}
        </CatalogueFill>
      )}
      <div className="editor">
        <form className="card editor-form" onSubmit={(e) => void submit(e)} noValidate aria-label={saved ? t('editor.edit') : t('editor.newTitle')}>
          <fieldset disabled={readOnly} className="plain">
            <legend className="offscreen">{t('editor.release')}</legend>
            <div className="field-row">
              <TextField label={t('editor.artist')} required maxLength={200} value={draft.artistName} error={errorOf('artistName')} onChange={(e) => set({ artistName: e.target.value })} />
              <TextField label={t('editor.title')} required maxLength={200} value={draft.trackTitle} error={errorOf('trackTitle')} onChange={(e) => set({ trackTitle: e.target.value })} />
            </div>
            <TextField
              label={t('editor.slug')}
              required
              maxLength={64}
              value={draft.slug}
              autoComplete="off"
              spellCheck={false}
              hint={t('editor.slugHint', { host: window.location.host, slug: draft.slug || t('editor.slugPlaceholder') })}
              error={errorOf('slug')}
              onChange={(e) => {
                setSlugTouched(true);
                set({ slug: e.target.value });
              }}
            />
            <TextField
              label={t('editor.artwork')}
              type="url"
              inputMode="url"
              value={draft.artworkUrl}
              placeholder="https://…"
              hint={t('editor.artworkHint')}
              error={errorOf('artworkUrl')}
              onChange={(e) => set({ artworkUrl: e.target.value })}
            />
            <div className="field-row">
              <TextField label={t('editor.releaseDate')} type="date" value={draft.releaseDate} error={errorOf('releaseDate')} onChange={(e) => set({ releaseDate: e.target.value })} />
              <SelectField label={t('editor.status')} value={draft.status} hint={t('editor.statusHint')} onChange={(e) => set({ status: e.target.value as SmartlinkStatus })}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </SelectField>
            </div>
            <ServicesEditor services={draft.services} readOnly={readOnly} error={error} onChange={(services) => set({ services })} />
            <RoutingRulesEditor rules={draft.routing} services={draft.services} readOnly={readOnly} error={error} onChange={(routing) => set({ routing })} />
          </fieldset>
          <TagOverrideEditor value={draft.tracking} clientTags={client.tracking} readOnly={readOnly} error={error} onChange={(tracking) => set({ tracking })} />
          <ErrorMessage error={error} />
          {notice ? <StatusMessage>{notice}</StatusMessage> : null}
          {readOnly ? null : (
            <div className="save-row">
              <button type="submit" className="button-primary" disabled={busy}>
                {busy ? t('editor.saving') : saveLabel}
              </button>
              {saved ? (
                <ConfirmButton
                  danger
                  label={t('delete.button')}
                  title={t('delete.title', { name: title })}
                  consequences={
                    <>
                      <p>{t('delete.consequences', { slug: saved.slug })}</p>
                      <p>{t('delete.archiveInstead')}</p>
                      <p>
                        <strong>{t('delete.final')}</strong>
                      </p>
                    </>
                  }
                  confirmLabel={t('delete.confirm')}
                  disabled={busy}
                  onConfirm={() => void remove()}
                />
              ) : null}
            </div>
          )}
        </form>
        <aside className="editor-side" aria-label={t('editor.side')}>
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">{t('editor.preview')}</h2>
            <PagePreview branding={client.branding} artistName={draft.artistName} trackTitle={draft.trackTitle} artworkUrl={draft.artworkUrl || null} services={draft.services} footer={client.name} />
          </section>
          {saved ? <ShareTools client={client} smartlink={saved} /> : null}
        </aside>
      </div>
    </section>
  );
}
