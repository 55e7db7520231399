// What only the agency (master) decides for a client: its name, custom domain, limits, retention,
// Slack webhook, revenue per click and whether GPC is an opt-out. Others see these values,
// read-only (the API would refuse).
import { useState, type FormEvent } from 'react';
import { CheckboxField, TextField } from '../ui/Field';
import { useClient } from './ClientArea';
import { SaveRow } from './SaveRow';
import { useClientPatch } from './useClientPatch';

export function AgencyForm({ editable }: { readonly editable: boolean }) {
  const { client } = useClient();
  if (!editable) {
    return (
      <section className="card" aria-labelledby="agency-title">
        <h2 id="agency-title">Account</h2>
        <p className="section-intro">Set by your agency.</p>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{client.name}</dd>
          </div>
          <div>
            <dt>Custom domain</dt>
            <dd>{client.domain ?? 'None'}</dd>
          </div>
          <div>
            <dt>Smartlinks per month</dt>
            <dd>{client.settings.maxSmartlinksPerMonth}</dd>
          </div>
          <div>
            <dt>Analytics kept for</dt>
            <dd>{client.settings.analyticsRetentionDays} days</dd>
          </div>
          <div>
            <dt>Revenue per click</dt>
            <dd>{client.conversionValue === null ? 'None' : `${client.conversionValue}${client.currency ? ` ${client.currency}` : ''}`}</dd>
          </div>
          <div>
            <dt>Global Privacy Control (Sec-GPC)</dt>
            <dd>{client.settings.honorGpc === false ? 'Ignored' : 'Honoured as an opt-out'}</dd>
          </div>
        </dl>
      </section>
    );
  }
  return <AgencyEditor />;
}

function AgencyEditor() {
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
      <h2 id="agency-title">Account (agency only)</h2>
      <TextField label="Client name" required value={name} onChange={(e) => setName(e.target.value)} />
      <TextField label="Custom domain" value={domain} placeholder="links.label.com" hint="Needs custom domains allowed below." autoComplete="off" onChange={(e) => setDomain(e.target.value)} />
      <CheckboxField label="Allow a custom domain" checked={allowCustomDomains} onChange={(e) => setAllow(e.target.checked)} />
      <div className="field-row">
        <TextField label="Smartlinks per month" type="number" min={0} inputMode="numeric" value={maxPerMonth} onChange={(e) => setMax(e.target.value)} />
        <TextField label="Keep analytics (days)" type="number" min={1} max={760} inputMode="numeric" value={retention} onChange={(e) => setRetention(e.target.value)} />
        <TextField label="Revenue per click" type="number" min={0} step="0.01" inputMode="decimal" value={conversionValue} hint="Empty: no revenue." onChange={(e) => setConversionValue(e.target.value)} />
        <TextField label="Currency" value={currency} maxLength={3} placeholder="EUR" hint="ISO 4217 code of the revenue (EUR, USD…)." autoComplete="off" onChange={(e) => setCurrency(e.target.value)} />
      </div>
      <CheckboxField label="Honour Global Privacy Control (Sec-GPC) as an opt-out" checked={honorGpc} onChange={(e) => setHonorGpc(e.target.checked)} />
      <TextField
        label="Slack webhook for this client's alerts"
        type="url"
        value={slack}
        placeholder="https://hooks.slack.com/services/…"
        hint={client.settings.slackWebhookUrl ? `Current: ${client.settings.slackWebhookUrl} — leave empty to keep it.` : 'None: alerts go to the installation’s Slack.'}
        disabled={removeSlack}
        onChange={(e) => setSlack(e.target.value)}
      />
      {client.settings.slackWebhookUrl ? <CheckboxField label="Remove the Slack webhook" checked={removeSlack} onChange={(e) => setRemoveSlack(e.target.checked)} /> : null}
      <SaveRow patch={patch} label="Save account" />
    </form>
  );
}
