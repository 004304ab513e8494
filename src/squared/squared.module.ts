import { HttpModule, HttpService } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { SquaredConnectionModule } from './squared-connection.module';
import { SquaredCredentials } from './squared-credentials';
import { SquaredEndpoint } from './squared-endpoint';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { MetricsModule } from '../metrics/metrics.module';
import { LoginGuard } from './login-guard';
import { LoginGuardModule } from './login-guard.module';
import { createServiceAccountCredentials } from './shared-session.factory';
import { StaticTokenCredentials } from './static-token.credentials';
import { SquaredClient } from './squared.client';
import { UpstreamHold } from './upstream-hold';
import { createUndiciAdapter } from './undici-axios.adapter';

function createCredentials(
  endpoint: SquaredEndpoint,
  http: HttpService,
  redis: RedisConnection,
  guard: LoginGuard,
  clock: Clock,
): SquaredCredentials {
  const credentials = endpoint.credentials;
  return credentials.kind === 'static'
    ? new StaticTokenCredentials(credentials.token)
    : createServiceAccountCredentials(endpoint, http, redis, guard, clock);
}

@Module({
  imports: [
    SquaredConnectionModule,
    RedisModule,
    MetricsModule,
    LoginGuardModule,
    HttpModule.registerAsync({
      imports: [SquaredConnectionModule],
      inject: [SquaredEndpoint],
      useFactory: (endpoint: SquaredEndpoint) => ({
        baseURL: endpoint.baseUrl,
        timeout: endpoint.timeoutMs,
        adapter: createUndiciAdapter(endpoint.pool),
        // Every status is an answer to interpret, not an exception: SquaredClient maps them all.
        validateStatus: () => true,
        // Bodies go out as the JSON text the client wrote and come back as text it parses itself:
        // axios' default transforms would only inspect and re-check them on every call.
        transformRequest: [],
        transformResponse: (data: string) => data,
        maxRedirects: 0,
      }),
    }),
  ],
  providers: [
    {
      provide: SquaredCredentials,
      inject: [SquaredEndpoint, HttpService, RedisConnection, LoginGuard, Clock],
      useFactory: createCredentials,
    },
    SquaredClient,
    UpstreamHold,
  ],
  exports: [SquaredClient, SquaredConnectionModule],
})
export class SquaredModule {}
