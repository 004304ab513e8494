import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'sgw_';

/** A new gateway key: 32 random bytes (256 bits of entropy), URL-safe. */
export function generateClientKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
