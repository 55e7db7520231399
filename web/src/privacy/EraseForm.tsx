// A fan's erasure (POST /privacy/erasures): by the privacy page's reference (a visitor id), a
// session or an event id, within one client or — master — every client; confirmed first, then
// what was erased, or plainly that nothing was stored for that id. A malformed id is refused by
// the API, which names the field.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/http';
import { useInvalidate } from '../api/useApi';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { SelectField, TextField } from '../ui/Field';
import { fieldError } from '../ui/fieldErrors';
import { useAction } from '../ui/useAction';

type Kind = 'visitorId' | 'sessionId' | 'eventId';
const KINDS: readonly Kind[] = ['visitorId', 'sessionId', 'eventId'];

/** `clientId` '': every client (master); `clientName` names the chosen one. */
export function EraseForm({ clientId, clientName }: { readonly clientId: string; readonly clientName: string | null }) {
  const { t } = useTranslation('privacy');
  const invalidate = useInvalidate();
  const { busy, error, run } = useAction();
  const [kind, setKind] = useState<Kind>('visitorId');
  const [id, setId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const target = `${kind.replace('Id', '')}:${id.trim()}`;

  const erase = () => {
    setDone(null);
    void run(async () => {
      const result = await api.post('/api/v1/privacy/erasures', { body: { [kind]: id.trim(), ...(clientId ? { clientId } : {}) } });
      setDone(result.events + result.confirmations === 0 ? t('erase.nothing', { target: result.target }) : t('erase.erased', { target: result.target, events: result.events, confirmations: result.confirmations }));
      invalidate('/api/v1/analytics');
    });
  };

  return (
    <section className="card" aria-labelledby="privacy-erase">
      <h2 id="privacy-erase">{t('erase.title')}</h2>
      <p className="hint">{t('erase.hint')}</p>
      <div className="filters">
        <SelectField label={t('erase.kind')} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`erase.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('erase.id')} value={id} spellCheck={false} autoComplete="off" error={fieldError(error, kind)} onChange={(e) => setId(e.target.value)} />
        <ConfirmButton
          label={t('erase.button')}
          confirmLabel={t('erase.confirm')}
          danger
          disabled={busy || id.trim() === ''}
          consequences={<p>{t('erase.consequences', { target, where: clientName ? t('erase.inClient', { name: clientName }) : t('erase.everywhere') })}</p>}
          onConfirm={erase}
        />
      </div>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ErrorMessage error={error} />
    </section>
  );
}
