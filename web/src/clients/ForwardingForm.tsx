// Server-side forwarding (SPEC §6): each view and click also sent server-to-server to GA4, Meta and
// TikTok where consent allows, with the page's event id. Credentials are write-only: the form
// says whether one is set, and lets it be replaced or removed; their delivery status (last 30
// days) is shown per destination.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { useApi } from '../api/useApi';
import { CheckboxField, SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { formatCount } from '../ui/format';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

type ForwardingPatch = components['schemas']['ForwardingPatch'];
type Platform = 'ga4' | 'meta' | 'tiktok';
const PLATFORMS: readonly Platform[] = ['ga4', 'meta', 'tiktok'];

interface PlatformDraft {
  readonly enabled: boolean;
  /** A new credential to store ('' keeps the current one). */
  readonly credential: string;
  readonly removeCredential: boolean;
  readonly testEventCode: string;
}

export function ForwardingForm({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('forwarding');
  const current = client.forwarding;
  const [drafts, setDrafts] = useState<Record<Platform, PlatformDraft>>(() => ({
    ga4: { enabled: current?.ga4.enabled ?? false, credential: '', removeCredential: false, testEventCode: '' },
    meta: { enabled: current?.meta.enabled ?? false, credential: '', removeCredential: false, testEventCode: current?.meta.testEventCode ?? '' },
    tiktok: { enabled: current?.tiktok.enabled ?? false, credential: '', removeCredential: false, testEventCode: current?.tiktok.testEventCode ?? '' },
  }));
  const [validate, setValidate] = useState(current?.ga4.validate ?? false);
  const [region, setRegion] = useState(current?.ga4.region ?? 'global');
  const [outside, setOutside] = useState(current?.outsideConsentRegions ?? 'forward');
  const [limitedDataUse, setLimitedDataUse] = useState(current?.limitedDataUse ?? false);
  const set = (platform: Platform, change: Partial<PlatformDraft>) => setDrafts({ ...drafts, [platform]: { ...drafts[platform], ...change } });
  const credentialSet = (platform: Platform) => (platform === 'ga4' ? current?.ga4.apiSecretSet : current?.[platform].accessTokenSet) ?? false;

  /** The credential as the API takes it: absent (kept), null (removed) or the new one. */
  const credentialOf = (d: PlatformDraft) => (d.removeCredential ? null : d.credential.trim() || undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { ga4, meta, tiktok } = drafts;
    const forwarding: ForwardingPatch = {
      ga4: { enabled: ga4.enabled, validate, region, ...(credentialOf(ga4) !== undefined ? { apiSecret: credentialOf(ga4) } : {}) },
      meta: { enabled: meta.enabled, testEventCode: meta.testEventCode.trim() || null, ...(credentialOf(meta) !== undefined ? { accessToken: credentialOf(meta) } : {}) },
      tiktok: { enabled: tiktok.enabled, testEventCode: tiktok.testEventCode.trim() || null, ...(credentialOf(tiktok) !== undefined ? { accessToken: credentialOf(tiktok) } : {}) },
      outsideConsentRegions: outside,
      limitedDataUse,
    };
    void patch.save({ forwarding });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="forwarding-title" noValidate>
      <h2 id="forwarding-title">{t('forwarding.title')}</h2>
      <p className="section-intro">{t('forwarding.intro')}</p>
      <fieldset disabled={readOnly}>
        <legend className="offscreen">{t('forwarding.title')}</legend>
        {PLATFORMS.map((platform) => {
          const d = drafts[platform];
          const isSet = credentialSet(platform);
          const field = platform === 'ga4' ? 'apiSecret' : 'accessToken';
          return (
            <fieldset key={platform} className="forwarding-platform">
              <legend>{t(`forwarding.${platform}.name`)}</legend>
              <CheckboxField label={t('forwarding.enabled', { platform: t(`forwarding.${platform}.name`) })} hint={t(`forwarding.${platform}.needs`)} checked={d.enabled} onChange={(e) => set(platform, { enabled: e.target.checked })} />
              <p className="muted" data-testid={`${platform}-credential`}>
                {t(`forwarding.${platform}.credential`)}: {isSet ? t('forwarding.set') : t('forwarding.notSet')}
              </p>
              <TextField
                label={isSet ? t('forwarding.replace', { credential: t(`forwarding.${platform}.credential`) }) : t(`forwarding.${platform}.credential`)}
                type="password"
                autoComplete="off"
                value={d.credential}
                disabled={d.removeCredential}
                hint={isSet ? t('forwarding.keepHint') : t('forwarding.writeOnlyHint')}
                error={fieldError(patch.error, `forwarding.${platform}.${field}`)}
                onChange={(e) => set(platform, { credential: e.target.value })}
              />
              {isSet ? (
                <CheckboxField label={t('forwarding.remove', { credential: t(`forwarding.${platform}.credential`) })} checked={d.removeCredential} onChange={(e) => set(platform, { removeCredential: e.target.checked })} />
              ) : null}
              {platform === 'ga4' ? (
                <>
                  <CheckboxField label={t('forwarding.ga4.validate')} hint={t('forwarding.ga4.validateHint')} checked={validate} onChange={(e) => setValidate(e.target.checked)} />
                  <SelectField label={t('forwarding.ga4.region')} value={region} onChange={(e) => setRegion(e.target.value as typeof region)}>
                    <option value="global">{t('forwarding.ga4.global')}</option>
                    <option value="eu">{t('forwarding.ga4.eu')}</option>
                  </SelectField>
                </>
              ) : (
                <TextField
                  label={t('forwarding.testEventCode')}
                  autoComplete="off"
                  spellCheck={false}
                  value={d.testEventCode}
                  hint={t('forwarding.testEventCodeHint')}
                  error={fieldError(patch.error, `forwarding.${platform}.testEventCode`)}
                  onChange={(e) => set(platform, { testEventCode: e.target.value })}
                />
              )}
            </fieldset>
          );
        })}
        <SelectField label={t('forwarding.outside')} value={outside} onChange={(e) => setOutside(e.target.value as typeof outside)}>
          <option value="forward">{t('forwarding.outsideForward')}</option>
          <option value="skip">{t('forwarding.outsideSkip')}</option>
        </SelectField>
        <CheckboxField label={t('forwarding.limitedDataUse')} hint={t('forwarding.limitedDataUseHint')} checked={limitedDataUse} onChange={(e) => setLimitedDataUse(e.target.checked)} />
      </fieldset>
      <DeliveryStatus />
      {readOnly ? null : <SaveRow patch={patch} label={t('forwarding.save')} />}
    </form>
  );
}

/** Deliveries of the last 30 days per destination: sent, waiting, given up, nothing to send. */
function DeliveryStatus() {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const perf = useApi('/api/v1/analytics/performance', { query: { clientId: client.id } });
  const forwarding = perf.data?.forwarding;
  if (!forwarding) return null;
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t('forwarding.status.title')}>
        <caption>{t('forwarding.status.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('forwarding.status.destination')}</th>
            <th scope="col">{t('forwarding.status.sent')}</th>
            <th scope="col">{t('forwarding.status.pending')}</th>
            <th scope="col">{t('forwarding.status.dead')}</th>
            <th scope="col">{t('forwarding.status.skipped')}</th>
          </tr>
        </thead>
        <tbody>
          {PLATFORMS.map((platform) => (
            <tr key={platform}>
              <th scope="row">{t(`forwarding.${platform}.name`)}</th>
              <td>{formatCount(forwarding[platform].sent)}</td>
              <td>{formatCount(forwarding[platform].pending)}</td>
              <td>{formatCount(forwarding[platform].dead)}</td>
              <td>{formatCount(forwarding[platform].skipped)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
