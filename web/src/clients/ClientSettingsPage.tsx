// A client's settings: tags, tag policy, branding, consent, privacy page, time zone (the client may change
// these), and the agency's fields (master only). A viewer sees them all, read-only.
import { usePermissions } from '../auth/session';
import { AgencyForm } from './AgencyForm';
import { BrandingForm } from './BrandingForm';
import { useClient } from './ClientArea';
import { ConsentForm } from './ConsentForm';
import { DomainVerification } from './DomainVerification';
import { PreferredServiceForm } from './PreferredServiceForm';
import { PrivacyForm } from './PrivacyForm';
import { TagPolicyForm } from './TagPolicyForm';
import { TimeZoneForm } from './TimeZoneForm';
import { TrackingForm } from './TrackingForm';
import { SavedNoteProvider } from './useClientPatch';

export function ClientSettingsPage() {
  const { client } = useClient();
  const { isMaster, canWrite } = usePermissions();
  const readOnly = !canWrite;
  // Forms are keyed by the client's data, so that a save elsewhere (or a reload) shows what is stored.
  const key = JSON.stringify(client);
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {readOnly ? <p className="message message-info">You have read-only access.</p> : null}
      <SavedNoteProvider>
        <div className="settings-grid">
          <TrackingForm key={`t${key}`} readOnly={readOnly} />
          <TagPolicyForm key={`g${key}`} readOnly={readOnly} />
          <BrandingForm key={`b${key}`} readOnly={readOnly} />
          <ConsentForm key={`c${key}`} readOnly={readOnly} />
          <PrivacyForm key={`p${key}`} readOnly={readOnly} />
          <PreferredServiceForm key={`f${key}`} readOnly={readOnly} />
          <TimeZoneForm key={`z${key}`} readOnly={readOnly} />
          {client.domain ? <DomainVerification key={`d${key}`} readOnly={readOnly} /> : null}
          <AgencyForm key={`a${key}`} editable={isMaster} />
        </div>
      </SavedNoteProvider>
    </section>
  );
}
