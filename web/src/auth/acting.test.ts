import { beforeEach, describe, expect, it } from 'vitest';
import { actingClientAt, setMemberClients } from './acting';

// The tab's storage, as the browser keeps it.
const stored = new Map<string, string>();
Object.assign(globalThis, {
  sessionStorage: { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) },
});

describe('the client a request acts for', () => {
  beforeEach(() => {
    stored.clear();
    setMemberClients(['a', 'b']);
  });

  it.each<[string, string[], string, string | null]>([
    ['a client page of one of theirs: that client', [], '/clients/b/smartlinks', 'b'],
    ['a page outside any client, none opened yet: the first (null)', [], '/users', null],
    ['a page outside any client: the last one opened', ['/clients/b'], '/users', 'b'],
    ['another client’s page: never that client, the last one of theirs', ['/clients/b'], '/clients/c', 'b'],
    ['another client’s page first: the first (null)', [], '/clients/c/settings', null],
  ])('%s', (_name, visited, path, expected) => {
    for (const page of visited) actingClientAt(page);
    expect(actingClientAt(path)).toBe(expected);
  });

  it('forgets a client the user is no longer on', () => {
    actingClientAt('/clients/b');
    setMemberClients(['a']);
    expect(actingClientAt('/users')).toBeNull();
  });
});
