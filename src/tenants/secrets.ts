// A client's secrets at rest (ad platforms' tokens, its legacy mirror's signing secret), never
// shown again once set: AES-256-GCM with a key derived (HKDF-SHA256) from the installation's
// SECRET, a random 96-bit IV per value, the client id as associated data (a value copied onto
// another client does not decrypt). Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, clientId: string): string;
  /** Throws when the value was not sealed with this SECRET for this client, or was altered. */
  open(sealed: string, clientId: string): string;
}

export class SecretUnreadable extends Error {}

export function createSecretBox(secret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'duotrack', 'client secrets v1', 32));
  return {
    seal(plaintext, clientId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(clientId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, clientId) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || body === undefined || tag === undefined) throw new SecretUnreadable('not a sealed credential');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(clientId));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretUnreadable('credential cannot be decrypted (SECRET changed, or the value was altered)');
      }
    },
  };
}
