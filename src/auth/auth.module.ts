import { Module } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { ApiKeyGuard } from './api-key.guard';
import { ClientRegistry } from './client-registry';
import { createDevelopmentClient } from './development-client';
import { developmentKeyFile } from './development-key';

@Module({
  providers: [
    {
      provide: ClientRegistry,
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) =>
        new ClientRegistry(
          config.clients ?? [
            createDevelopmentClient(
              config.port,
              developmentKeyFile(config.auditDatabaseUrl),
              (text) => process.stdout.write(`${text}\n`),
            ),
          ],
        ),
    },
    ApiKeyGuard,
  ],
  exports: [ClientRegistry, ApiKeyGuard],
})
export class AuthModule {}
