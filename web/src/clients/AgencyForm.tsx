// What only the agency (master) decides for a client: its name, custom domain, limits, retention,
// Slack webhook, revenue per click and whether GPC is an opt-out. Others see these values,
// read-only (the API would refuse).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { formatCount, formatMoney } from '../ui/format';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function AgencyForm({ editable }: { readonly editable: boolean }) {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  if (!editable) {
    return (
      <section className="card" aria-labelledby="agency-title">
        <h2 id="agency-title">{t('agency.title')}</h2>
        <p className="section-intro">{t('agency.byAgency')}</p>
        <dl className="facts">
          <div>
            <dt>{t('agency.name')}</dt>
            <dd>{client.name}</dd>
          </div>
          <div>
            <dt>{t('agency.domain')}</dt>
            <dd>{client.domain ?? t('agency.none')}</dd>
          </div>
          <div>
            <dt>{t('agency.perMonth')}</dt>
            <dd>{formatCount(client.settings.maxSmartlinksPerMonth ?? 0)}</dd>
          </div>
          <div>
            <dt>{t('agency.keptFor')}</dt>
            <dd>{t('agency.days', { count: client.settings.analyticsRetentionDays })}</dd>
          </div>
          <div>
            <dt>{t('agency.revenue')}</dt>
            <dd>{client.conversionValue === null ? t('agency.none') : formatMoney(client.conversionValue, client.currency)}</dd>
          </div>
          <div>
            <dt>{t('agency.gpc')}</dt>
            <dd>{client.settings.honorGpc === false ? t('agency.gpcIgnored') : t('agency.gpcHonoured')}</dd>
          </div>
        </dl>
      </section>
    );
  }
  return <AgencyEditor />;
}

function AgencyEditor() {
  const { t } = useTranslation('clients');
  const { client } = useClient();
  const patch = useClientPatch('agency');
  const [name, setName] = useState(client.name);
  const [domain, setDomain] = useState(client.domain ?? '');
  const [allowCustomDomains, setAllow] = useState(client.settings.allowCustomDomains);
  const [maxPerMonth, setMax] = useState(String(client.settings.maxSmartlinksPerMonth));
  const [retention, setRetention] = useState(String(client.settings.analyticsRetentionDays));
  const [conversionValue, setConversionValue] = useState(client.conversionValue === null ? '' : String(client.conversionValue));
  const [currency, setCurrency] = useState(client.currency ?? '');
  const [honorGpc, setHonorGpc] = useState(client.settings.honorGpc ?? true);
  const [slack, setSlack] = useState('');
  const [removeSlack, setRemoveSlack] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const settings: Record<string, unknown> = { allowCustomDomains, maxSmartlinksPerMonth: Number(maxPerMonth), analyticsRetentionDays: Number(retention), honorGpc };
    // The webhook is shown masked: it is sent only when replaced or removed.
    if (removeSlack) settings.slackWebhookUrl = null;
    else if (slack.trim()) settings.slackWebhookUrl = slack.trim();
    void patch.save({
      name: name.trim(),
      domain: domain.trim() || null,
      settings,
      conversionValue: conversionValue.trim() === '' ? null : Number(conversionValue),
      currency: currency.trim() === '' ? null : currency.trim().toUpperCase(),
    });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="agency-title" noValidate>
      <h2 id="agency-title">{t('agency.titleEdit')}</h2>
      <TextField label={t('agency.clientName')} required value={name} error={fieldError(patch.error, 'name')} onChange={(e) => setName(e.target.value)} />
      <TextField
        label={t('agency.domain')}
        value={domain}
        placeholder="links.label.com"
        hint={t('agency.domainHint')}
        error={fieldError(patch.error, 'domain')}
        autoComplete="off"
        onChange={(e) => setDomain(e.target.value)}
      />
      <CheckboxField label={t('agency.allowDomains')} checked={allowCustomDomains} onChange={(e) => setAllow(e.target.checked)} />
      <div className="field-row">
        <TextField
          label={t('agency.perMonth')}
          type="number"
          min={0}
          inputMode="numeric"
          value={maxPerMonth}
          error={fieldError(patch.error, 'settings.maxSmartlinksPerMonth')}
          onChange={(e) => setMax(e.target.value)}
        />
        <TextField
          label={t('agency.retention')}
          type="number"
          min={1}
          max={760}
          inputMode="numeric"
          value={retention}
          error={fieldError(patch.error, 'settings.analyticsRetentionDays')}
          onChange={(e) => setRetention(e.target.value)}
        />
        <TextField
          label={t('agency.revenue')}
          type="number"
          min={0}
          step="0.01"
          inputMode="decimal"
          value={conversionValue}
          hint={t('agency.revenueHint')}
          error={fieldError(patch.error, 'conversionValue')}
          onChange={(e) => setConversionValue(e.target.value)}
        />
        <TextField
          label={t('agency.currency')}
          value={currency}
          maxLength={3}
          placeholder="EUR"
          hint={t('agency.currencyHint')}
          error={fieldError(patch.error, 'currency')}
          autoComplete="off"
          onChange={(e) => setCurrency(e.target.value)}
        />
      </div>
      <CheckboxField label={t('agency.honourGpc')} checked={honorGpc} onChange={(e) => setHonorGpc(e.target.checked)} />
      <TextField
        label={t('agency.slack')}
        type="url"
        value={slack}
        placeholder="https://hooks.slack.com/services/…"
        hint={client.settings.slackWebhookUrl ? t('agency.slackCurrent', { url: client.settings.slackWebhookUrl }) : t('agency.slackNone')}
        error={fieldError(patch.error, 'settings.slackWebhookUrl')}
        disabled={removeSlack}
        onChange={(e) => setSlack(e.target.value)}
      />
      {client.settings.slackWebhookUrl ? <CheckboxField label={t('agency.removeSlack')} checked={removeSlack} onChange={(e) => setRemoveSlack(e.target.checked)} /> : null}
      <SaveRow patch={patch} label={t('agency.save')} />
    </form>
  );
}
