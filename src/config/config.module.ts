import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { GatewayConfig } from './gateway-config';

/**
 * Provides the one validated `GatewayConfig` (and the clock) to every module (the single global
 * module, like Nest's own ConfigModule). Tests pass their own clock.
 */
@Global()
@Module({})
export class GatewayConfigModule {
  static forRoot(config: GatewayConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: GatewayConfigModule,
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [GatewayConfig, Clock],
    };
  }
}
