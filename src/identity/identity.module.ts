import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IdentityConfig } from '../config/identity-config';
import { JwtVerifier } from './jwt-verifier';
import { OidcDiscovery } from './oidc-discovery';

/**
 * The organisation's IdP: discovery and bearer-JWT verification. Both providers are `null` when no
 * IdP is configured (`OIDC_ISSUER` unset), and nothing here then runs or calls out; the verifier is
 * also `null` without `OIDC_AUDIENCE` (browser sessions only).
 */
@Module({
  providers: [
    {
      provide: OidcDiscovery,
      inject: [IdentityConfig, Clock],
      useFactory: (identity: IdentityConfig | null, clock: Clock) =>
        identity ? new OidcDiscovery(identity.issuer, () => clock.now()) : null,
    },
    {
      provide: JwtVerifier,
      inject: [IdentityConfig, OidcDiscovery, Clock],
      useFactory: (
        identity: IdentityConfig | null,
        discovery: OidcDiscovery | null,
        clock: Clock,
      ) =>
        identity?.audience && discovery
          ? new JwtVerifier(
              identity.issuer,
              identity.audience,
              identity.scopePrefix,
              discovery,
              clock,
            )
          : null,
    },
  ],
  exports: [OidcDiscovery, JwtVerifier],
})
export class IdentityModule {}
