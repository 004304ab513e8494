import { Module } from '@nestjs/common';
import { SQUARED_CONFIG } from '../config/gateway-config';
import { createSquaredEndpoint, SquaredEndpoint } from './squared-endpoint';

/** Resolves the Squared endpoint once, for both the HTTP client configuration and the Squared client. */
@Module({
  providers: [
    { provide: SquaredEndpoint, inject: [SQUARED_CONFIG], useFactory: createSquaredEndpoint },
  ],
  exports: [SquaredEndpoint],
})
export class SquaredConnectionModule {}
