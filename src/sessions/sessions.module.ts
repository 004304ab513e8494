import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { GatewayConfig } from '../config/gateway-config';
import { IdentityModule } from '../identity/identity.module';
import { OidcDiscovery } from '../identity/oidc-discovery';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { AuthController } from './auth.controller';
import { EphemeralStore } from './ephemeral.store';
import { MemoryEphemeralStore } from './memory-ephemeral.store';
import { RedisEphemeralStore } from './redis-ephemeral.store';
import { RelyingParty } from './relying-party';
import { SessionAuthenticator } from './session-authenticator';
import { Sessions } from './sessions.service';
import { SignInFlow } from './sign-in.flow';

/**
 * Browser sessions (backend-for-frontend). Without `OIDC_CLIENT_ID` the authenticator is `null` and
 * the sign-in routes answer 404: nothing of it runs.
 */
@Module({
  imports: [IdentityModule, RedisModule],
  controllers: [AuthController],
  providers: [
    {
      provide: EphemeralStore,
      inject: [RedisConnection, Clock],
      useFactory: (redis: RedisConnection, clock: Clock) =>
        redis.commands ? new RedisEphemeralStore(redis.commands) : new MemoryEphemeralStore(clock),
    },
    {
      provide: Sessions,
      inject: [GatewayConfig, EphemeralStore, Clock],
      useFactory: (config: GatewayConfig, store: EphemeralStore, clock: Clock) =>
        config.identity?.sessions ? new Sessions(store, config.identity.sessions, clock) : null,
    },
    {
      provide: SessionAuthenticator,
      inject: [GatewayConfig, Sessions],
      useFactory: (config: GatewayConfig, sessions: Sessions | null) =>
        config.identity?.sessions && sessions
          ? new SessionAuthenticator(sessions, config.identity.sessions)
          : null,
    },
    {
      provide: SignInFlow,
      inject: [GatewayConfig, OidcDiscovery, Sessions, EphemeralStore],
      useFactory: (
        config: GatewayConfig,
        discovery: OidcDiscovery | null,
        sessions: Sessions | null,
        store: EphemeralStore,
      ) => {
        const sessionConfig = config.identity?.sessions;
        return new SignInFlow(
          sessionConfig && discovery && sessions
            ? {
                config: sessionConfig,
                relyingParty: new RelyingParty(sessionConfig, discovery),
                sessions,
                store,
                scopePrefix: config.identity.scopePrefix,
              }
            : undefined,
        );
      },
    },
  ],
  exports: [SessionAuthenticator],
})
export class SessionsModule {}
