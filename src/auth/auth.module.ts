import { Module } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { IdentityModule } from '../identity/identity.module';
import { SessionsModule } from '../sessions/sessions.module';
import { CallerGuard } from './caller.guard';
import { ClientRegistry } from './client-registry';
import { createDevelopmentClient } from './development-client';
import { developmentKeyFile } from './development-key';

@Module({
  imports: [IdentityModule, SessionsModule],
  providers: [
    {
      provide: ClientRegistry,
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) =>
        new ClientRegistry(
          config.clients ?? [
            createDevelopmentClient(
              config.port,
              developmentKeyFile(config.audit.databaseUrl),
              (text) => process.stdout.write(`${text}\n`),
            ),
          ],
        ),
    },
    CallerGuard,
  ],
  exports: [ClientRegistry, CallerGuard],
})
export class AuthModule {}
