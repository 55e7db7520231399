// The user menu: who is signed in and their role where the page acts, change password, sign out. A <details> disclosure: keyboard
// and screen-reader friendly with no script of its own.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from '../app/router';
import { usePermissions, useSession, useUser } from './session';

export function UserMenu() {
  const { t } = useTranslation('auth');
  const user = useUser();
  const { role } = usePermissions();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');

  // Escape closes the menu (the focus back on its button); so does a click elsewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !menu.current?.open) return;
      menu.current.removeAttribute('open');
      menu.current.querySelector('summary')?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (menu.current?.open && !menu.current.contains(event.target as Node)) menu.current.removeAttribute('open');
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, []);

  return (
    <details className="user-menu" ref={menu}>
      <summary>
        <span className="offscreen">{t('menu.for')} </span>
        <span className="user-email">{user.email}</span>
      </summary>
      <div className="user-menu-panel">
        <p className="user-role">{t(`role.${role}`)}</p>
        <ul>
          <li>
            <Link to="/account/password" onClick={close}>
              {t('menu.changePassword')}
            </Link>
          </li>
          <li>
            <button
              type="button"
              className="button-link"
              onClick={() => {
                close();
                navigate('/', { replace: true });
                void signOut();
              }}
            >
              {t('menu.signOut')}
            </button>
          </li>
        </ul>
      </div>
    </details>
  );
}
