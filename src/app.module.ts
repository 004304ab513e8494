import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CallerGuard } from './auth/caller.guard';
import { AuthModule } from './auth/auth.module';
import { Clock } from './common/clock';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { GatewayConfigModule } from './config/config.module';
import { GatewayConfig } from './config/gateway-config';
import { LoggingModule } from './logging/logging.module';
import { GatewayThrottlerGuard } from './rate-limit/gateway-throttler.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { SyncsModule } from './syncs/syncs.module';

/**
 * The whole gateway. Global pipe, guards and filter are bound here rather than in main.ts, so that a
 * test booting this module behaves exactly as production does.
 */
@Module({})
export class AppModule {
  static forRoot(
    config: GatewayConfig,
    logDestination?: DestinationStream,
    clock?: Clock,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config, clock),
        LoggingModule.forRoot(logDestination),
        MetricsModule,
        AuthModule,
        RateLimitModule,
        SyncsModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // Guards run in this order: authenticate first, so rate limits can key on the caller.
        { provide: APP_GUARD, useExisting: CallerGuard },
        { provide: APP_GUARD, useExisting: GatewayThrottlerGuard },
      ],
    };
  }
}
