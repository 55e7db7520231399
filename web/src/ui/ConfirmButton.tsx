// A destructive action asks first: the button opens a modal <dialog> saying what will happen to
// the data, and only its Confirm button runs the action (Escape or Cancel closes it).
import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The button's text, and the dialog's title unless `title` says otherwise. */
  readonly label: string;
  /** The dialog's title, when the button's short text needs its object ("Revoke the key “Reporting”?"). */
  readonly title?: string;
  /** The button's accessible name, when its text alone is ambiguous in a list ("Revoke Reporting"). */
  readonly 'aria-label'?: string;
  /** What will happen, in plain words (what is deleted, what is kept, whether it can be undone). */
  readonly consequences: ReactNode;
  /** The confirm button's text, when "Confirm" is too vague ("Delete for good"). */
  readonly confirmLabel?: string;
  readonly danger?: boolean;
  readonly disabled?: boolean;
  readonly className?: string;
  onConfirm(): void;
}

export function ConfirmButton({ label, title, consequences, confirmLabel, danger = false, disabled, className, onConfirm, 'aria-label': ariaLabel }: Props) {
  const { t } = useTranslation('ui');
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  return (
    <>
      <button type="button" className={className ?? (danger ? 'button-danger' : 'button-secondary')} disabled={disabled} aria-label={ariaLabel} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h2 id={titleId}>{title ?? label}</h2>
        <div id={bodyId}>{consequences}</div>
        <div className="confirm-actions">
          <button type="button" className="button-secondary" autoFocus onClick={() => dialog.current?.close()}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'button-danger' : 'button-primary'}
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel ?? t('confirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}
