// The unread-alert count behind the bell, refreshed every 30 s and right after a "mark as read".
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useApi } from '../api/useApi';

interface NotificationsValue {
  readonly unread: number | undefined;
  refresh(): void;
}

const NotificationsContext = createContext<NotificationsValue>({ unread: undefined, refresh: () => undefined });

export const REFRESH_MS = 30_000;

export function NotificationsProvider({ children }: { readonly children: ReactNode }) {
  const unread = useApi('/api/v1/alerts', { query: { unread: true, limit: 1 } }, { refreshMs: REFRESH_MS });
  const value = useMemo(() => ({ unread: unread.data?.page.total, refresh: unread.reload }), [unread.data, unread.reload]);
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export const useNotifications = (): NotificationsValue => useContext(NotificationsContext);
