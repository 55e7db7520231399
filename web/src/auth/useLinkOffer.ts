// What a one-time link offers (an invitation, a password reset), read once when its page opens.
// Outside the query cache: the app empties that cache when it finds no session, which is exactly
// when these pages open.
import { useEffect, useState } from 'react';

export interface LinkOffer<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
}

export function useLinkOffer<T>(load: () => Promise<T>, token: string): LinkOffer<T> {
  const [offer, setOffer] = useState<LinkOffer<T>>({ data: undefined, error: null, loading: true });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setOffer({ data, error: null, loading: false }),
      (error: unknown) => current && setOffer({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function each render; the token names what it loads.
  }, [token]);
  return offer;
}
