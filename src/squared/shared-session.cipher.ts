import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'squared-gateway shared session v1';
const VERSION = 'v1';

/**
 * Seals the shared Squared token at rest in Redis (AES-256-GCM). The key is derived (HKDF-SHA-256)
 * from the service account's password, salted with its email, so no extra secret is needed: every
 * replica configured with the same account derives the same key, and anyone who can read Redis but
 * not the configuration cannot use the token. `context` (the Redis key) is bound as associated data,
 * so a sealed value cannot be moved to another key.
 */
export class SessionCipher {
  private readonly key: Buffer;

  constructor(email: string, password: string) {
    const salt = email.trim().toLowerCase();
    this.key = Buffer.from(hkdfSync('sha256', password, salt, INFO, 32));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, sealed, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext, or `undefined` when the value was sealed with another key, context or tampered with. */
  open(value: string, context: string): string | undefined {
    const [version, iv, sealed, tag] = value.split('.');
    if (version !== VERSION || tag === undefined) {
      return undefined;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(context))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(sealed, 'base64url')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      return undefined;
    }
  }
}
