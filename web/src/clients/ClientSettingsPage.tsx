// A client's settings: tags, tag policy, server-side forwarding, branding, consent, privacy page,
// time zone (the client may change these), the agency's fields and the client's end (archive,
// delete: master only). A viewer sees them all, read-only.
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../auth/session';
import { usePageTitle } from '../ui/usePageTitle';
import { AgencyForm } from './AgencyForm';
import { BrandingForm } from './BrandingForm';
import { useClient } from './ClientArea';
import { ClientLifecycle } from './ClientLifecycle';
import { ConsentForm } from './ConsentForm';
import { DomainVerification } from './DomainVerification';
import { ForwardingForm } from './ForwardingForm';
import { PreferredServiceForm } from './PreferredServiceForm';
import { PrivacyForm } from './PrivacyForm';
import { TagPolicyForm } from './TagPolicyForm';
import { TimeZoneForm } from './TimeZoneForm';
import { TrackingForm } from './TrackingForm';
import { SavedNoteProvider } from './useClientPatch';

export function ClientSettingsPage() {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const { isMaster, canWrite } = usePermissions();
  usePageTitle(`${t('settings.title')} · ${client.name}`);
  const readOnly = !canWrite;
  // Forms are keyed by the client's data, so that a save elsewhere (or a reload) shows what is stored.
  const key = JSON.stringify(client);
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      {readOnly ? <p className="message message-info">{t('settings.readOnly')}</p> : null}
      <SavedNoteProvider>
        <div className="settings-grid">
          <TrackingForm key={`t${key}`} readOnly={readOnly} />
          <TagPolicyForm key={`g${key}`} readOnly={readOnly} />
          <ForwardingForm key={`w${key}`} readOnly={readOnly} />
          <BrandingForm key={`b${key}`} readOnly={readOnly} />
          <ConsentForm key={`c${key}`} readOnly={readOnly} />
          <PrivacyForm key={`p${key}`} readOnly={readOnly} />
          <PreferredServiceForm key={`f${key}`} readOnly={readOnly} />
          <TimeZoneForm key={`z${key}`} readOnly={readOnly} />
          {client.domain ? <DomainVerification key={`d${key}`} readOnly={readOnly} /> : null}
          <AgencyForm key={`a${key}`} editable={isMaster} />
          {isMaster ? <ClientLifecycle /> : null}
        </div>
      </SavedNoteProvider>
    </section>
  );
}
