import { errors, jwtVerify } from 'jose';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { fetchKeySet } from './fetch-key-set';
import { IdentityProviderUnavailable } from './identity.errors';
import { KeySetCache } from './key-set.cache';
import { OidcDiscovery } from './oidc-discovery';
import { callerOfToken, UnusableTokenError } from './token-caller';

/** Asymmetric algorithms only: never `none`, never HS* (an HMAC "signed" with the public key). */
export const ACCEPTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
export const CLOCK_SKEW_SECONDS = 60;

/** Why a bearer JWT was refused: jose's error code, or the gateway's own. Safe to log. */
export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
}

/**
 * Verifies bearer JWTs from the organisation's IdP with jose: signature with a key from the IdP's
 * JWKS, `iss`, `aud`, `exp` (required) and `nbf` with at most 60 s of skew, and the algorithm list.
 */
export class JwtVerifier {
  private keys: KeySetCache | undefined;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    private readonly scopePrefix: string,
    private readonly discovery: OidcDiscovery,
    private readonly clock: Clock,
  ) {}

  /**
   * @throws {TokenRefusedError} for any token that fails a check.
   * @throws {IdentityProviderUnavailable} when no signing key can be had from the IdP.
   */
  async verify(token: string): Promise<Caller> {
    const keys = await this.keySet();
    try {
      const { payload } = await jwtVerify(token, keys.getKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(this.clock.now()),
        requiredClaims: ['exp'],
      });
      return callerOfToken(payload, this.scopePrefix);
    } catch (error) {
      if (error instanceof IdentityProviderUnavailable) {
        throw error;
      }
      throw new TokenRefusedError(refusalReason(error));
    }
  }

  private async keySet(): Promise<KeySetCache> {
    if (!this.keys) {
      const issuer = await this.discovery.discover();
      const jwksUri = issuer.metadata.jwks_uri!;
      this.keys ??= new KeySetCache(() => fetchKeySet(jwksUri), this.clock);
    }
    return this.keys;
  }
}

function refusalReason(error: unknown): string {
  if (error instanceof errors.JOSEError) {
    return error.code;
  }
  if (error instanceof UnusableTokenError) {
    return 'ERR_TOKEN_NAMES_NO_CALLER';
  }
  return 'ERR_TOKEN_UNREADABLE';
}
