// A small history router for the app under /app: the location as state, navigate(), <Link>, and
// route patterns with :params. The server answers index.html for every /app path.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export const BASE = '/app';

export interface AppLocation {
  /** The path inside the app, always starting with '/': '/clients/42/smartlinks'. */
  readonly path: string;
  readonly search: URLSearchParams;
}

interface RouterValue {
  readonly location: AppLocation;
  navigate(to: string, options?: { readonly replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

function readLocation(): AppLocation {
  const { pathname, search } = window.location;
  const inside = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return { path: inside === '' ? '/' : inside, search: new URLSearchParams(search) };
}

/** '/clients/1' → '/app/clients/1' (a query string is kept). */
export function href(to: string): string {
  return BASE + (to.startsWith('/') ? to : `/${to}`);
}

export function RouterProvider({ children }: { readonly children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const onPop = () => setLocation(readLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { readonly replace?: boolean } = {}) => {
    const target = href(to);
    if (target === window.location.pathname + window.location.search) return;
    if (options.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    setLocation(readLocation());
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

function useRouter(): RouterValue {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter outside RouterProvider');
  return router;
}

export const useLocation = (): AppLocation => useRouter().location;
export const useNavigate = (): RouterValue['navigate'] => useRouter().navigate;

/** The params of `pattern` ('/clients/:clientId') in `path`, or null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { readonly to: string };

/** An ordinary link (open in a new tab works), navigated in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const navigate = useNavigate();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || rest.target) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={href(to)} onClick={handle} {...rest} />;
}

/** A link that says so (aria-current) when its page is shown. */
export function NavLink({ to, exact = false, ...rest }: LinkProps & { readonly exact?: boolean }) {
  const { path } = useLocation();
  const target = to.split('?')[0] as string;
  const active = exact ? path === target : path === target || path.startsWith(`${target}/`);
  return <Link to={to} aria-current={active ? 'page' : undefined} {...rest} />;
}

export function Redirect({ to }: { readonly to: string }) {
  const navigate = useNavigate();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}
