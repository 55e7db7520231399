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

/** The screens outside a client's area, and who may open them (AppRoutes.tsx says the same). */
const NAV = [
  { to: '/master', name: 'master', who: 'master' },
  { to: '/migration', name: 'migration', who: 'master' },
  { to: '/audit', name: 'audit', who: 'master' },
  { to: '/privacy', name: 'privacy', who: 'everyone' },
  { to: '/users', name: 'users', who: 'writers' },
  { to: '/keys', name: 'keys', who: 'writers' },
] as const;

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
        <nav aria-label={t('mainNav')} className="topnav">
          <ul>
            {NAV.filter((item) => (item.who === 'master' ? isMaster : item.who === 'writers' ? canWrite : true)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{t(`nav.${item.name}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
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
