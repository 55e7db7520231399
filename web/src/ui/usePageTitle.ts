// The browser tab names the screen: "Smartlinks · Duotrack".
import { useEffect } from 'react';

export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Duotrack` : 'Duotrack';
  }, [title]);
}
