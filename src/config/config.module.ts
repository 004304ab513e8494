import { DynamicModule, Global, Module, ValueProvider } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import {
  AuditConfig,
  GatewayConfig,
  HttpLimitsConfig,
  IdempotencyConfig,
  IfMatchConfig,
  RateLimitConfig,
  RedisConfig,
  SQUARED_CONFIG,
  SyncLockConfig,
} from './gateway-config';
import { IdentityConfig } from './identity-config';

/**
 * Provides the one validated `GatewayConfig`, each of its sections under its own token (a feature
 * injects only the sections it reads), and the clock to every module (the single global module, like
 * Nest's own ConfigModule). Tests pass their own clock.
 */
@Global()
@Module({})
export class GatewayConfigModule {
  static forRoot(config: GatewayConfig, clock: Clock = new SystemClock()): DynamicModule {
    const providers: ValueProvider[] = [
      { provide: GatewayConfig, useValue: config },
      ...sectionsOf(config),
      { provide: Clock, useValue: clock },
    ];
    return {
      module: GatewayConfigModule,
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}

function sectionsOf(config: GatewayConfig): ValueProvider[] {
  return [
    { provide: SQUARED_CONFIG, useValue: config.squared },
    { provide: RedisConfig, useValue: config.redis },
    { provide: RateLimitConfig, useValue: config.rateLimit },
    { provide: AuditConfig, useValue: config.audit },
    { provide: SyncLockConfig, useValue: config.syncLock },
    { provide: IfMatchConfig, useValue: config.ifMatch },
    { provide: IdempotencyConfig, useValue: config.idempotency },
    { provide: HttpLimitsConfig, useValue: config.http },
    // `null` without an IdP, like the identity providers built from it.
    { provide: IdentityConfig, useValue: config.identity ?? null },
  ];
}
