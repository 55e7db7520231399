// Create or edit a smartlink: release details, status, services (order, per-country links), with a
// rendered preview of the page and, once saved, its link, QR code and analytics. The catalogues can
// fill the form from a pasted link, UPC or ISRC, and a saved smartlink can be rescanned for new
// services. A viewer sees the same, read-only.
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/http';
import type { Smartlink, SmartlinkStatus } from '../api/types';
import { useApi } from '../api/useApi';
import { useLocation, useNavigate } from '../app/router';
import { usePermissions } from '../auth/session';
import { useClient } from '../clients/ClientArea';
import { ErrorMessage, Loading, StatusMessage } from '../ui/Alert';
import { SelectField, TextField } from '../ui/Field';
import { NotFound } from '../ui/NotFound';
import { CatalogueFill } from './CatalogueFill';
import { bodyOf, draftOf, newService, serviceDraftOf, slugify, type SmartlinkDraft } from './draft';
import { PagePreview } from './PagePreview';
import { filledDraft, sameRelease, serviceFromRelease, toCheck, type CatalogueRelease, type Rescan } from './release';
import { RescanButton } from './RescanButton';
import { RoutingRulesEditor } from './RoutingRulesEditor';
import { ServicesEditor } from './ServicesEditor';
import { ShareTools } from './ShareTools';
import { STATUS_NAMES } from './status';

export function SmartlinkEditorPage({ smartlinkId }: { readonly smartlinkId: string | null }) {
  const existing = useApi(smartlinkId ? '/api/v1/smartlinks/{id}' : null, { path: { id: smartlinkId ?? '' } });
  const { client } = useClient();
  if (smartlinkId) {
    if (existing.error instanceof ApiError && existing.error.status === 404) return <NotFound what="smartlink" />;
    if (!existing.data) return existing.error ? <ErrorMessage error={existing.error} /> : <Loading what="Loading the smartlink" />;
    // Another client's smartlink through this client's URL: not here.
    if (existing.data.clientId !== client.id) return <NotFound what="smartlink" />;
  }
  return <Editor initial={existing.data} />;
}

function Editor({ initial }: { readonly initial: Smartlink | undefined }) {
  const { client } = useClient();
  const { canWrite } = usePermissions();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [saved, setSaved] = useState<Smartlink | undefined>(initial);
  const [draft, setDraft] = useState<SmartlinkDraft>(() => draftOf(initial));
  const [slugTouched, setSlugTouched] = useState(!!initial);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(search.get('created') ? 'Smartlink created.' : null);
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
      setError(new Error(`Check ${unchecked.join(', ')} first: each is marked "Check this" below. Confirm it, change its link or remove it, then save.`));
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
        setNotice('Saved.');
      } else {
        const created = await api.post('/api/v1/smartlinks', { body: { clientId: client.id, ...bodyOf(draft) } });
        navigate(`/clients/${client.id}/smartlinks/${created.id}?created=1`, { replace: true });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const title = saved ? `${saved.artistName} – ${saved.trackTitle}` : 'New smartlink';
  const saveLabel = saved ? 'Save changes' : 'Create smartlink';
  return (
    <section className="page" aria-labelledby="editor-title">
      <div className="page-head">
        <h1 id="editor-title">{title}</h1>
        {saved ? <span className={`badge badge-${saved.status}`}>{STATUS_NAMES[saved.status]}</span> : null}
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
        <form className="card editor-form" onSubmit={(e) => void submit(e)} noValidate aria-label={saved ? 'Edit smartlink' : 'New smartlink'}>
          <fieldset disabled={readOnly} className="plain">
            <legend className="offscreen">Release</legend>
            <div className="field-row">
              <TextField label="Artist" required maxLength={200} value={draft.artistName} onChange={(e) => set({ artistName: e.target.value })} />
              <TextField label="Title" required maxLength={200} value={draft.trackTitle} onChange={(e) => set({ trackTitle: e.target.value })} />
            </div>
            <TextField
              label="Slug"
              required
              maxLength={64}
              value={draft.slug}
              autoComplete="off"
              spellCheck={false}
              hint={`The link's path: ${window.location.host}/${draft.slug || 'your-slug'} — letters, digits, - and _.`}
              onChange={(e) => {
                setSlugTouched(true);
                set({ slug: e.target.value });
              }}
            />
            <TextField label="Artwork URL" type="url" inputMode="url" value={draft.artworkUrl} placeholder="https://…" hint="An https image, square." onChange={(e) => set({ artworkUrl: e.target.value })} />
            <div className="field-row">
              <TextField label="Release date" type="date" value={draft.releaseDate} onChange={(e) => set({ releaseDate: e.target.value })} />
              <SelectField label="Status" value={draft.status} hint="Only live smartlinks are served." onChange={(e) => set({ status: e.target.value as SmartlinkStatus })}>
                {(Object.keys(STATUS_NAMES) as SmartlinkStatus[]).map((s) => (
                  <option key={s} value={s}>
                    {STATUS_NAMES[s]}
                  </option>
                ))}
              </SelectField>
            </div>
            <ServicesEditor services={draft.services} readOnly={readOnly} onChange={(services) => set({ services })} />
            <RoutingRulesEditor rules={draft.routing} services={draft.services} readOnly={readOnly} onChange={(routing) => set({ routing })} />
          </fieldset>
          <ErrorMessage error={error} />
          {notice ? <StatusMessage>{notice}</StatusMessage> : null}
          {readOnly ? null : (
            <div className="save-row">
              <button type="submit" className="button-primary" disabled={busy}>
                {busy ? 'Saving…' : saveLabel}
              </button>
            </div>
          )}
        </form>
        <aside className="editor-side" aria-label="Preview and sharing">
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview</h2>
            <PagePreview branding={client.branding} artistName={draft.artistName} trackTitle={draft.trackTitle} artworkUrl={draft.artworkUrl || null} services={draft.services} footer={client.name} />
          </section>
          {saved ? <ShareTools client={client} smartlink={saved} /> : null}
        </aside>
      </div>
    </section>
  );
}
