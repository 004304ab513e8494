import { HttpModule, HttpService } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { SquaredConnectionModule } from './squared-connection.module';
import { SquaredCredentials } from './squared-credentials';
import { SquaredEndpoint } from './squared-endpoint';
import { loginToSquared } from './squared-login';
import { ServiceAccountCredentials } from './service-account.credentials';
import { StaticTokenCredentials } from './static-token.credentials';
import { SquaredClient } from './squared.client';
import { createUndiciAdapter } from './undici-axios.adapter';

function createCredentials(endpoint: SquaredEndpoint, http: HttpService): SquaredCredentials {
  const credentials = endpoint.credentials;
  return credentials.kind === 'static'
    ? new StaticTokenCredentials(credentials.token)
    : new ServiceAccountCredentials(() =>
        loginToSquared(http, credentials.email, credentials.password),
      );
}

@Module({
  imports: [
    SquaredConnectionModule,
    HttpModule.registerAsync({
      imports: [SquaredConnectionModule],
      inject: [SquaredEndpoint],
      useFactory: (endpoint: SquaredEndpoint) => ({
        baseURL: endpoint.baseUrl,
        timeout: endpoint.timeoutMs,
        adapter: createUndiciAdapter(endpoint.pool),
        // Every status is an answer to interpret, not an exception: SquaredClient maps them all.
        validateStatus: () => true,
        transformResponse: (data: string) => data,
        maxRedirects: 0,
      }),
    }),
  ],
  providers: [
    {
      provide: SquaredCredentials,
      inject: [SquaredEndpoint, HttpService],
      useFactory: createCredentials,
    },
    SquaredClient,
  ],
  exports: [SquaredClient, SquaredConnectionModule],
})
export class SquaredModule {}
