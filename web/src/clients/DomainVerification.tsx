// The client's custom domain: pending until verified, and how to verify it — a DNS TXT record, or
// the domain pointed at Duotrack (which answers the HTTP check itself) — with a button that checks
// now. The domain is served, and gets its TLS certificate, only once verified.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type GetData } from '../api/http';
import { useApi } from '../api/useApi';
import { ErrorMessage, Loading } from '../ui/Alert';
import { formatDateTime } from '../ui/format';
import { useAction } from '../ui/useAction';
import { useClient } from './ClientArea';

type Verification = GetData<'/api/v1/clients/{id}/domain'>;

/** How a verified domain was verified: the message that says it. */
const VERIFIED_BY = { dns: 'domain.byDns', http: 'domain.byHttp', grandfathered: 'domain.grandfathered' } as const;

export function DomainVerification({ readOnly }: { readonly readOnly: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const loaded = useApi('/api/v1/clients/{id}/domain', { path: { id: client.id } });
  const [checked, setChecked] = useState<Verification | null>(null);
  const check = useAction();
  const verification = checked ?? loaded.data;
  const verifiedBy = t(verification?.method ? VERIFIED_BY[verification.method] : 'domain.verified');

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
      <h2 id="domain-title">{t('domain.title')}</h2>
      {verification ? (
        <>
          <p>
            <strong>{verification.domain}</strong>{' '}
            <span className={`badge ${verification.status === 'verified' ? 'badge-live' : 'badge-open'}`}>{verification.status === 'verified' ? t('domain.verified') : t('domain.pending')}</span>
          </p>
          {verification.status === 'verified' ? (
            <p>
              {verification.verifiedAt && verification.method !== 'grandfathered'
                ? t('domain.on', { how: verifiedBy, date: formatDateTime(verification.verifiedAt) })
                : t('domain.done', { how: verifiedBy })}{' '}
              {verification.served ? t('domain.served', { domain: verification.domain }) : t('domain.notServed')}
            </p>
          ) : (
            <>
              <p className="section-intro">{t('domain.intro')}</p>
              <h3>{t('domain.dnsTitle')}</h3>
              <dl className="facts">
                <div>
                  <dt>{t('domain.type')}</dt>
                  <dd>{verification.dns.type}</dd>
                </div>
                <div>
                  <dt>{t('domain.name')}</dt>
                  <dd>
                    <code>{verification.dns.name}</code>
                  </dd>
                </div>
                <div>
                  <dt>{t('domain.value')}</dt>
                  <dd>
                    <code>{verification.dns.value}</code>
                  </dd>
                </div>
              </dl>
              <h3>{t('domain.httpTitle')}</h3>
              <p>{t('domain.httpText', { url: verification.http.url })}</p>
              {verification.checkedAt && !check.error ? (
                <p className="hint">
                  {verification.failure
                    ? t('domain.lastCheckedFailure', { date: formatDateTime(verification.checkedAt), failure: verification.failure })
                    : t('domain.lastChecked', { date: formatDateTime(verification.checkedAt) })}
                </p>
              ) : null}
              {readOnly ? null : (
                <div className="save-row">
                  <ErrorMessage error={check.error} />
                  <button type="button" className="button-primary" disabled={check.busy} onClick={() => void verify()}>
                    {check.busy ? t('domain.verifying') : t('domain.verify')}
                  </button>
                </div>
              )}
            </>
          )}
        </>
      ) : loaded.error ? (
        <ErrorMessage error={loaded.error} />
      ) : (
        <Loading what={t('domain.loading')} />
      )}
    </section>
  );
}
