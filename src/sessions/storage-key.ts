import { createHash } from 'node:crypto';

/** What a store keeps a record under: the SHA-256 of its key (a session id is a bearer secret). */
export function storageKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64url');
}
