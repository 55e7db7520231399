// Saving part of a client (PATCH /api/v1/clients/{id}): busy, the API's error message, a "saved" note,
// and the client reloaded everywhere on success.
//
// The settings forms are remounted when the reloaded client arrives (they are keyed by its data),
// so which form saved last is kept above them, in SavedNoteProvider, or its note would vanish.
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import { api } from '../api/http';
import type { ClientPatch as ClientChange } from '../api/types';
import { useClient } from './ClientArea';

export interface ClientPatch {
  readonly busy: boolean;
  readonly error: unknown;
  readonly saved: boolean;
  save(change: ClientChange): Promise<void>;
}

const SavedNote = createContext<{ readonly form: string | null; set(form: string | null): void } | null>(null);

export function SavedNoteProvider({ children }: { readonly children: ReactNode }) {
  const [form, set] = useState<string | null>(null);
  return createElement(SavedNote.Provider, { value: { form, set } }, children);
}

/** `form` names the form, so that only the one that saved says "Saved.". */
export function useClientPatch(form: string): ClientPatch {
  const { client, reload } = useClient();
  const note = useContext(SavedNote);
  if (!note) throw new Error('useClientPatch outside SavedNoteProvider');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    busy,
    error,
    saved: note.form === form,
    async save(change) {
      setBusy(true);
      setError(null);
      note.set(null);
      try {
        await api.patch('/api/v1/clients/{id}', { params: { path: { id: client.id } }, body: change });
        note.set(form);
        reload();
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    },
  };
}
