import { Logger } from '@nestjs/common';
import { custom, Issuer } from 'openid-client';
import { IdentityProviderUnavailable } from './identity.errors';

/** How long one call to the IdP (discovery, keys, token endpoint) may take. */
export const IDP_TIMEOUT_MS = 5000;
/** After a failed discovery, requests are answered 503 at once for this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 5000;

/**
 * The IdP's metadata from `<issuer>/.well-known/openid-configuration` (openid-client), fetched on
 * first use rather than at start-up, so that an IdP outage never stops the gateway (keys keep
 * working). Once discovered it is kept for the life of the process.
 */
export class OidcDiscovery {
  private readonly logger = new Logger(OidcDiscovery.name);
  private issuer: Issuer | undefined;
  private inFlight: Promise<Issuer> | undefined;
  private failedAt = -Infinity;

  constructor(
    private readonly issuerUrl: string,
    private readonly now: () => number,
  ) {
    Issuer[custom.http_options] = () => ({ timeout: IDP_TIMEOUT_MS });
  }

  /** @throws {IdentityProviderUnavailable} while the IdP cannot be discovered. */
  async discover(): Promise<Issuer> {
    if (this.issuer) {
      return this.issuer;
    }
    if (!this.inFlight && this.now() - this.failedAt < RETRY_AFTER_FAILURE_MS) {
      throw new IdentityProviderUnavailable();
    }
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetch(): Promise<Issuer> {
    try {
      const issuer = await Issuer.discover(this.issuerUrl);
      // OpenID Connect Discovery 4.3: the document must name exactly the issuer it was fetched for.
      if (issuer.metadata.issuer !== this.issuerUrl || !issuer.metadata.jwks_uri) {
        throw new Error('the discovery document names another issuer, or no jwks_uri');
      }
      this.issuer = issuer;
      return issuer;
    } catch (error) {
      this.failedAt = this.now();
      const reason = error instanceof Error ? error.message : 'unknown';
      this.logger.warn(`OIDC discovery failed (${reason})`);
      throw new IdentityProviderUnavailable();
    }
  }
}
