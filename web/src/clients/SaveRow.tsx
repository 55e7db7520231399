// The end of a settings form: its error (announced), its "saved" note, its Save button.
import { useTranslation } from 'react-i18next';
import type { ClientPatch } from './useClientPatch';
import { ErrorMessage, StatusMessage } from '../ui/Alert';

export function SaveRow({ patch, label }: { readonly patch: ClientPatch; readonly label?: string }) {
  const { t } = useTranslation('clients');
  return (
    <div className="save-row">
      <ErrorMessage error={patch.error} />
      {patch.saved ? <StatusMessage>{t('save.saved')}</StatusMessage> : null}
      <button type="submit" className="button-primary" disabled={patch.busy}>
        {patch.busy ? t('save.saving') : (label ?? t('save.save'))}
      </button>
    </div>
  );
}
