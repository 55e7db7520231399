// The unread-alert count behind the bell, refreshed every 30 s, and at once when an alert is
// marked read (the page invalidates every cached /api/v1/alerts answer, this one among them).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useApi } from '../api/useApi';

interface NotificationsValue {
  readonly unread: number | undefined;
}

const NotificationsContext = createContext<NotificationsValue>({ unread: undefined });

export const REFRESH_MS = 30_000;

export function NotificationsProvider({ children }: { readonly children: ReactNode }) {
  const unread = useApi('/api/v1/alerts', { query: { unread: true, limit: 1 } }, { refreshMs: REFRESH_MS });
  const value = useMemo(() => ({ unread: unread.data?.page.total }), [unread.data]);
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export const useNotifications = (): NotificationsValue => useContext(NotificationsContext);
