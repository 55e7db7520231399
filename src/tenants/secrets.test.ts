import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretUnreadable } from './secrets.js';

describe('forwarding credentials at rest', () => {
  const box = createSecretBox('installation-secret');
  const token = 'EAAB-meta-access-token-0123456789';

  it('round-trips, and never stores the plaintext', () => {
    const sealed = box.seal(token, 'client-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(token);
    expect(Buffer.from(sealed.split('.')[2]!, 'base64url').toString()).not.toContain('meta');
    expect(box.open(sealed, 'client-1')).toBe(token);
  });

  it('uses a fresh IV each time: the same token seals differently', () => {
    expect(box.seal(token, 'client-1')).not.toBe(box.seal(token, 'client-1'));
  });

  it.each([
    ['another client', (s: string) => box.open(s, 'client-2')],
    ['another SECRET', (s: string) => createSecretBox('other-secret').open(s, 'client-1')],
    ['an altered ciphertext', (s: string) => { const p = s.split('.'); const b = Buffer.from(p[2]!, 'base64url'); b[0]! ^= 1; p[2] = b.toString('base64url'); return box.open(p.join('.'), 'client-1'); }],
    ['a value that is not sealed', () => box.open('plain-token', 'client-1')],
  ])('refuses to open it with %s', (_name, open) => {
    const sealed = box.seal(token, 'client-1');
    expect(() => open(sealed)).toThrow(SecretUnreadable);
  });
});
