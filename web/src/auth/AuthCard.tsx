// The frame of the screens before sign-in (sign-in, forgotten password, reset, invitation): the
// brand, the language switcher, a card with the screen's title.
import type { ReactNode } from 'react';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { usePageTitle } from '../ui/usePageTitle';

export function AuthCard({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  usePageTitle(title);
  return (
    <main className="center-page" id="main">
      <section className="card login-card" aria-labelledby="auth-title">
        <div className="login-card-top">
          <p className="brand brand-large">
            <span className="brand-mark" aria-hidden="true" />
            Duotrack
          </p>
          <LanguageSwitcher />
        </div>
        <h1 id="auth-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}
