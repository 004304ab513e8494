import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SquaredConfig } from '../config/gateway-config';
import type { WritableSync } from '../common/sync/sync.types';
import { writableSyncOf } from '../common/sync/writable-sync';
import { canonicalJson } from '../common/json/canonical-json';

const INFO = 'squared-gateway audit state digest v1';

/**
 * A keyed digest (HMAC-SHA-256, hex) of a sync's unredacted writable state. Audit records keep their
 * states redacted, so two states that differ only in a secret look alike there; the digest still tells
 * them apart, which is what settling a pending record needs.
 *
 * Keyed, not a plain hash: a record shows everything of the state but its secrets, so a plain SHA-256
 * would let anyone who can read the audit log test guesses for a low-entropy secret (a short API key,
 * a password) offline, one hash per guess. Without the key a guess cannot be checked.
 */
export class AuditStateDigest {
  constructor(private readonly key: Buffer) {}

  of(state: WritableSync): string {
    // Only the ten fields, in canonical form: the state read back from Squared may order keys differently.
    const canonical = canonicalJson(writableSyncOf({ ...state })) ?? 'null';
    return createHmac('sha256', this.key).update(canonical, 'utf8').digest('hex');
  }

  /** Whether `state` is the state `digest` was made of (under this key). */
  matches(state: WritableSync, digest: string): boolean {
    const expected = Buffer.from(this.of(state), 'hex');
    const given = Buffer.from(digest, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/**
 * The key, derived (HKDF-SHA-256) from the Squared credential every replica already shares: no extra
 * secret to distribute, and whoever can read the audit store but not the configuration cannot use it.
 * Rotating the credential changes the key: a record left pending across the rotation then settles as
 * `unknown`, never as a false `applied`. The sandbox's state lives as long as its process, so a
 * random key is enough there.
 */
export function auditStateDigestFor(squared: SquaredConfig): AuditStateDigest {
  if (squared.mode === 'sandbox') {
    return new AuditStateDigest(randomBytes(32));
  }
  const { credentials } = squared;
  const [secret, salt] =
    credentials.kind === 'static'
      ? [credentials.token, 'static-token']
      : [credentials.password, `account:${credentials.email}`];
  return new AuditStateDigest(Buffer.from(hkdfSync('sha256', secret, salt, INFO, 32)));
}
