// The client's custom domain: pending until verified, and how to verify it — a DNS TXT record, or
// the domain pointed at Duotrack (which answers the HTTP check itself) — with a button that checks
// now. The domain is served, and gets its TLS certificate, only once verified.
import { useState } from 'react';
import { api, ApiError, type GetData } from '../api/http';
import { useApi } from '../api/useApi';
import { ErrorMessage, Loading } from '../ui/Alert';
import { formatDateTime } from '../ui/format';
import { useAction } from '../ui/useAction';
import { useClient } from './ClientArea';

type Verification = GetData<'/api/v1/clients/{id}/domain'>;

/** How a verified domain was verified, as the card says it. */
const VERIFIED_BY = {
  dns: 'Verified by its DNS record',
  http: 'Verified by its HTTP answer',
  grandfathered: 'Verified (set before verification existed)',
} as const;

export function DomainVerification({ readOnly }: { readonly readOnly: boolean }) {
  const { client } = useClient();
  const loaded = useApi('/api/v1/clients/{id}/domain', { path: { id: client.id } });
  const [checked, setChecked] = useState<Verification | null>(null);
  const check = useAction();
  const verification = checked ?? loaded.data;

  const verify = () =>
    check.run(async () => {
      try {
        setChecked(await api.post('/api/v1/clients/{id}/domain/verify', { params: { path: { id: client.id } } }));
      } catch (err) {
        if (err instanceof ApiError && err.status === 422) {
          setChecked(null);
          loaded.reload(); // the failed check is recorded: show when, and what was found
        }
        throw err;
      }
    });

  return (
    <section className="card" aria-labelledby="domain-title">
      <h2 id="domain-title">Custom domain</h2>
      {verification ? (
        <>
          <p>
            <strong>{verification.domain}</strong>{' '}
            <span className={`badge ${verification.status === 'verified' ? 'badge-live' : 'badge-open'}`}>{verification.status === 'verified' ? 'Verified' : 'Pending verification'}</span>
          </p>
          {verification.status === 'verified' ? (
            <p>
              {verification.method ? VERIFIED_BY[verification.method] : 'Verified'}
              {verification.verifiedAt && verification.method !== 'grandfathered' ? ` on ${formatDateTime(verification.verifiedAt)}` : ''}.{' '}
              {verification.served ? `Smartlinks are served at https://${verification.domain}/…` : 'Not served: custom domains are not allowed for this client.'}
            </p>
          ) : (
            <>
              <p className="section-intro">Smartlinks are served on this domain once it is verified. Do either, then verify.</p>
              <h3>Add a DNS record</h3>
              <dl className="facts">
                <div>
                  <dt>Type</dt>
                  <dd>{verification.dns.type}</dd>
                </div>
                <div>
                  <dt>Name</dt>
                  <dd>
                    <code>{verification.dns.name}</code>
                  </dd>
                </div>
                <div>
                  <dt>Value</dt>
                  <dd>
                    <code>{verification.dns.value}</code>
                  </dd>
                </div>
              </dl>
              <h3>Or point the domain at Duotrack</h3>
              <p>
                Once the domain’s A/AAAA (or CNAME) records point at this installation, Duotrack answers <code>{verification.http.url}</code> itself.
              </p>
              {verification.checkedAt && !check.error ? (
                <p className="hint">
                  Last checked {formatDateTime(verification.checkedAt)}
                  {verification.failure ? `: ${verification.failure}` : '.'}
                </p>
              ) : null}
              {readOnly ? null : (
                <div className="save-row">
                  <ErrorMessage error={check.error} />
                  <button type="button" className="button-primary" disabled={check.busy} onClick={() => void verify()}>
                    {check.busy ? 'Verifying…' : 'Verify'}
                  </button>
                </div>
              )}
            </>
          )}
        </>
      ) : loaded.error ? (
        <ErrorMessage error={loaded.error} />
      ) : (
        <Loading what="Loading the domain" />
      )}
    </section>
  );
}
