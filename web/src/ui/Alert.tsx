// Messages that assistive technology announces: errors (role="alert") and confirmations (role="status").
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/http';

export function ErrorMessage({ error }: { readonly error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="message message-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function StatusMessage({ children }: { readonly children: ReactNode }) {
  return (
    <p className="message message-ok" role="status">
      {children}
    </p>
  );
}

export function Loading({ what }: { readonly what?: string }) {
  const { t } = useTranslation('ui');
  return (
    <p className="loading" role="status">
      {what ?? t('loading')}…
    </p>
  );
}
