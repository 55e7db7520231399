// The frame of every signed-in page: a skip link, the header (navigation, notifications, the user
// menu) and the main region, which takes the focus (its heading) when the page changes.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MembershipSwitcher } from '../auth/MembershipSwitcher';
import { UserMenu } from '../auth/UserMenu';
import { usePermissions } from '../auth/session';
import { ClientSwitcher } from '../clients/ClientSwitcher';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { NotificationBell } from '../notifications/NotificationBell';
import { ErrorBoundary } from './ErrorBoundary';
import { Link, NavLink, useLocation } from './router';

export function Shell({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation('app');
  const { isMaster, canWrite } = usePermissions();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(path);

  useEffect(() => {
    if (path === firstPath.current) return;
    firstPath.current = '';
    // After the new page has rendered its heading.
    const frame = window.requestAnimationFrame(() => {
      const heading = main.current?.querySelector<HTMLElement>('h1');
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: false });
      }
    });
    return () => window.cancelAnimationFrame(frame);
  }, [path]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Duotrack
        </Link>
        {isMaster || canWrite ? (
        <nav aria-label={t('mainNav')} className="topnav">
          <ul>
            {isMaster ? (
              <li>
                <NavLink to="/master">{t('nav.master')}</NavLink>
              </li>
            ) : null}
            {isMaster ? (
              <li>
                <NavLink to="/migration">{t('nav.migration')}</NavLink>
              </li>
            ) : null}
            {isMaster ? (
              <li>
                <NavLink to="/audit">{t('nav.audit')}</NavLink>
              </li>
            ) : null}
            {canWrite ? (
              <li>
                <NavLink to="/privacy">{t('nav.privacy')}</NavLink>
              </li>
            ) : null}
            {canWrite ? (
              <>
                <li>
                  <NavLink to="/users">{t('nav.users')}</NavLink>
                </li>
                <li>
                  <NavLink to="/keys">{t('nav.keys')}</NavLink>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
        ) : null}
        {isMaster ? <ClientSwitcher /> : <MembershipSwitcher />}
        <div className="topbar-end">
          <LanguageSwitcher />
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <ErrorBoundary key={path}>{children}</ErrorBoundary>
      </main>
    </div>
  );
}
