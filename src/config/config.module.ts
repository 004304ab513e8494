import { DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayConfig } from './gateway-config';

/** Provides the one validated `GatewayConfig` to every module (the single global module, like Nest's own ConfigModule). */
@Global()
@Module({})
export class GatewayConfigModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayConfigModule,
      providers: [{ provide: GatewayConfig, useValue: config }],
      exports: [GatewayConfig],
    };
  }
}
