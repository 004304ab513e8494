import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IdentityConfig } from '../config/identity-config';
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
      inject: [IdentityConfig, EphemeralStore, Clock],
      useFactory: (identity: IdentityConfig | null, store: EphemeralStore, clock: Clock) =>
        identity?.sessions ? new Sessions(store, identity.sessions, clock) : null,
    },
    {
      provide: SessionAuthenticator,
      inject: [IdentityConfig, Sessions],
      useFactory: (identity: IdentityConfig | null, sessions: Sessions | null) =>
        identity?.sessions && sessions
          ? new SessionAuthenticator(sessions, identity.sessions)
          : null,
    },
    {
      provide: SignInFlow,
      inject: [IdentityConfig, OidcDiscovery, Sessions, EphemeralStore],
      useFactory: (
        identity: IdentityConfig | null,
        discovery: OidcDiscovery | null,
        sessions: Sessions | null,
        store: EphemeralStore,
      ) => {
        const sessionConfig = identity?.sessions;
        return new SignInFlow(
          sessionConfig && discovery && sessions
            ? {
                config: sessionConfig,
                relyingParty: new RelyingParty(sessionConfig, discovery),
                sessions,
                store,
                scopePrefix: identity.scopePrefix,
              }
            : undefined,
        );
      },
    },
  ],
  exports: [SessionAuthenticator],
})
export class SessionsModule {}
