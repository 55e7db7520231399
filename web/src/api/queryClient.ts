// The app's one query cache (TanStack Query): a resource asked for by several screens is fetched
// once and shared; a screen shown again gets its last answer at once, refreshed behind it.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused or missing resource is an answer, not a hiccup: shown at once, never retried.
      retry: false,
      staleTime: 10_000,
      refetchOnWindowFocus: false,
    },
  },
});
