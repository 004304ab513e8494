import { Logger } from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type KeyLike,
} from 'jose';
import { Clock } from '../common/clock';
import { IdentityProviderUnavailable } from './identity.errors';

/** Keys older than this are refreshed before use (when the IdP answers). */
export const KEY_SET_MAX_AGE_MS = 10 * 60_000;
/** At most one fetch per this interval, however many unknown `kid`s arrive. */
export const KEY_SET_REFETCH_INTERVAL_MS = 30_000;

type KeyLookup = ReturnType<typeof createLocalJWKSet>;

/**
 * The IdP's signing keys, fetched from its `jwks_uri` and kept. Key selection (kid, alg, kty) is
 * jose's `createLocalJWKSet`; this class only decides when to fetch:
 * - an unknown `kid` fetches again (a key rotation), but at most once per refetch interval, so a
 *   flood of made-up `kid`s costs the IdP one request per 30 s;
 * - keys older than 10 minutes are refreshed, and kept in use when the IdP does not answer
 *   (stale-while-down: tokens signed with a known key keep working during an IdP outage).
 */
export class KeySetCache {
  private readonly logger = new Logger(KeySetCache.name);
  private lookup: KeyLookup | undefined;
  private fetchedAt = -Infinity;
  private attemptedAt = -Infinity;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly fetchKeySet: () => Promise<JSONWebKeySet>,
    private readonly clock: Clock,
  ) {}

  /** A key for jose's `jwtVerify`. @throws {IdentityProviderUnavailable} when no key was ever fetched. */
  readonly getKey = async (
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<KeyLike | Uint8Array> => {
    if (this.clock.now() - this.fetchedAt >= KEY_SET_MAX_AGE_MS) {
      // With keys in hand, refresh in the background rather than make this request wait on the IdP.
      if (this.lookup) {
        void this.refresh();
      } else {
        await this.refresh();
      }
    }
    try {
      return await this.current()(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !(await this.refresh())) {
        throw error;
      }
      return this.current()(header, token);
    }
  };

  private current(): KeyLookup {
    if (!this.lookup) {
      throw new IdentityProviderUnavailable();
    }
    return this.lookup;
  }

  /** True when a fetch ran (successfully) now; false when rate-limited or the IdP failed. */
  private async refresh(): Promise<boolean> {
    if (!this.inFlight && this.clock.now() - this.attemptedAt < KEY_SET_REFETCH_INTERVAL_MS) {
      return false;
    }
    this.inFlight ??= this.fetchNow().finally(() => (this.inFlight = undefined));
    const before = this.fetchedAt;
    await this.inFlight;
    return this.fetchedAt !== before;
  }

  private async fetchNow(): Promise<void> {
    this.attemptedAt = this.clock.now();
    try {
      const keySet = await this.fetchKeySet();
      this.lookup = createLocalJWKSet(keySet);
      this.fetchedAt = this.clock.now();
    } catch (error) {
      // Keep the keys we have: the IdP being down must not sign everyone out.
      const reason = error instanceof Error ? error.message : 'unknown';
      this.logger.warn(`IdP signing keys could not be fetched (${reason}); keeping cached keys`);
    }
  }
}
