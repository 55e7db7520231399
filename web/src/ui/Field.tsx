// A labelled form field: every input has a <label>, and its hint or error is tied to it.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldFrame {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
}

interface Control {
  readonly id: string;
  readonly 'aria-describedby': string | undefined;
}

/** The frame every field shares: its label, its control (given the ids to wear), its hint. A checkbox comes before its label. */
function Frame({ label, hint, className, checkbox = false, control }: FieldFrame & { readonly className?: string; readonly checkbox?: boolean; readonly control: (ids: Control) => ReactNode }) {
  const id = useId();
  const input = control({ id, 'aria-describedby': hint ? `${id}-hint` : undefined });
  const labelTag = <label htmlFor={id}>{label}</label>;
  return (
    <div className={`field ${checkbox ? 'field-check ' : ''}${className ?? ''}`}>
      {checkbox ? input : labelTag}
      {checkbox ? labelTag : input}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, className, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  return <Frame label={label} hint={hint} className={className} control={(ids) => <input {...ids} {...input} />} />;
}

export function TextAreaField({ label, hint, className, ...textarea }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Frame label={label} hint={hint} className={className} control={(ids) => <textarea {...ids} {...textarea} />} />;
}

export function SelectField({ label, hint, children, className, ...select }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame
      label={label}
      hint={hint}
      className={className}
      control={(ids) => (
        <select {...ids} {...select}>
          {children}
        </select>
      )}
    />
  );
}

export function CheckboxField({ label, hint, className, ...input }: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return <Frame label={label} hint={hint} className={className} checkbox control={(ids) => <input {...ids} type="checkbox" {...input} />} />;
}
