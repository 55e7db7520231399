// A dashboard panel: a titled region, its loading state and its error.
import { useId, type ReactNode } from 'react';
import { ErrorMessage, Loading } from '../ui/Alert';

interface Props {
  readonly title: string;
  readonly className?: string;
  readonly actions?: ReactNode;
  readonly loading?: boolean;
  readonly error?: unknown;
  readonly children?: ReactNode;
}

export function Panel({ title, className, actions, loading, error, children }: Props) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id} aria-busy={loading || undefined}>
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      <ErrorMessage error={error} />
      {loading ? <Loading /> : children}
    </section>
  );
}
