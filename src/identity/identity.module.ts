import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { GatewayConfig } from '../config/gateway-config';
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
      inject: [GatewayConfig, Clock],
      useFactory: (config: GatewayConfig, clock: Clock) =>
        config.identity ? new OidcDiscovery(config.identity.issuer, () => clock.now()) : null,
    },
    {
      provide: JwtVerifier,
      inject: [GatewayConfig, OidcDiscovery, Clock],
      useFactory: (config: GatewayConfig, discovery: OidcDiscovery | null, clock: Clock) =>
        config.identity?.audience && discovery
          ? new JwtVerifier(
              config.identity.issuer,
              config.identity.audience,
              config.identity.scopePrefix,
              discovery,
              clock,
            )
          : null,
    },
  ],
  exports: [OidcDiscovery, JwtVerifier],
})
export class IdentityModule {}
