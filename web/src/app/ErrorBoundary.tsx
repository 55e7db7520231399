// A screen that throws while rendering shows what happened and a way back, instead of blanking
// the whole app. Going to another page clears it (the boundary is keyed by the path).
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../ui/usePageTitle';
import { Link } from './router';

interface Props {
  readonly children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { readonly error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('screen failed', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <Crashed error={this.state.error} retry={() => this.setState({ error: null })} /> : this.props.children;
  }
}

function Crashed({ error, retry }: { readonly error: Error; readonly retry: () => void }) {
  const { t } = useTranslation('app');
  usePageTitle(t('crashed.title'));
  return (
    <section className="crashed" aria-labelledby="crashed-title">
      <h1 id="crashed-title" tabIndex={-1}>
        {t('crashed.title')}
      </h1>
      <p role="alert">{t('crashed.body')}</p>
      <p className="hint">
        {t('crashed.detail')} <code>{error.message}</code>
      </p>
      <p className="actions">
        <button type="button" className="button-primary" onClick={retry}>
          {t('crashed.retry')}
        </button>
        <Link to="/">{t('crashed.home')}</Link>
      </p>
    </section>
  );
}
