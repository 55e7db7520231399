// The end of a settings form: its error (announced), its "saved" note, its Save button.
import type { ClientPatch } from './useClientPatch';
import { ErrorMessage, StatusMessage } from '../ui/Alert';

export function SaveRow({ patch, label = 'Save' }: { readonly patch: ClientPatch; readonly label?: string }) {
  return (
    <div className="save-row">
      <ErrorMessage error={patch.error} />
      {patch.saved ? <StatusMessage>Saved.</StatusMessage> : null}
      <button type="submit" className="button-primary" disabled={patch.busy}>
        {patch.busy ? 'Saving…' : label}
      </button>
    </div>
  );
}
