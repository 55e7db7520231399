// What became of an invitation just sent (or resent): e-mailed, or — no e-mail was sent — the
// link to pass on, with a copy button.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvitationSent as Sent } from '../api/types';
import { StatusMessage } from '../ui/Alert';
import { CopyButton } from '../ui/CopyButton';

export function InvitationSent({ sent }: { readonly sent: Sent }) {
  const { t } = useTranslation('users');
  const id = useId();
  const email = sent.invitation.email;
  if (sent.emailed || !sent.link) return <StatusMessage>{t('invite.emailed', { email })}</StatusMessage>;
  return (
    <div className="secret" role="status">
      <p>
        <strong>{t('invite.notEmailed', { email })}</strong>
      </p>
      <div className="input-with-button">
        <label htmlFor={id} className="offscreen">
          {t('invite.link', { email })}
        </label>
        <input id={id} readOnly value={sent.link} onFocus={(e) => e.target.select()} />
        <CopyButton text={sent.link} label={t('invite.copy')} />
      </div>
    </div>
  );
}
