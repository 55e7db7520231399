// A labelled form field: every input has a <label>, and its hint and its error are tied to it
// (aria-describedby; an error also sets aria-invalid).
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldFrame {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  /** What is wrong with the value (fieldError() of the last save); none: the field is valid. */
  readonly error?: string | undefined;
}

interface Control {
  readonly id: string;
  readonly 'aria-describedby': string | undefined;
  readonly 'aria-invalid': true | undefined;
}

/** The frame every field shares: its label, its control (given the ids to wear), its hint. A checkbox comes before its label. */
function Frame({ label, hint, error, className, checkbox = false, control }: FieldFrame & { readonly className?: string; readonly checkbox?: boolean; readonly control: (ids: Control) => ReactNode }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const input = control({ id, 'aria-describedby': describedBy || undefined, 'aria-invalid': error ? true : undefined });
  const labelTag = <label htmlFor={id}>{label}</label>;
  return (
    <div className={`field ${checkbox ? 'field-check ' : ''}${className ?? ''}`}>
      {checkbox ? input : labelTag}
      {checkbox ? labelTag : input}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, error, className, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  return <Frame label={label} hint={hint} error={error} className={className} control={(ids) => <input {...ids} {...input} />} />;
}

export function TextAreaField({ label, hint, error, className, ...textarea }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Frame label={label} hint={hint} error={error} className={className} control={(ids) => <textarea {...ids} {...textarea} />} />;
}

export function SelectField({ label, hint, error, children, className, ...select }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame
      label={label}
      hint={hint}
      error={error}
      className={className}
      control={(ids) => (
        <select {...ids} {...select}>
          {children}
        </select>
      )}
    />
  );
}

export function CheckboxField({ label, hint, error, className, ...input }: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return <Frame label={label} hint={hint} error={error} className={className} checkbox control={(ids) => <input {...ids} type="checkbox" {...input} />} />;
}
