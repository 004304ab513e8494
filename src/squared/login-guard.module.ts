import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { LoginGuard } from './login-guard';
import { RedisLoginBudgetStore } from './login-budget.store';
import { SquaredConnectionModule } from './squared-connection.module';
import { SquaredEndpoint } from './squared-endpoint';

/** The guard, on the account's shared Redis record when `REDIS_URL` is set (unused with a token). */
function createLoginGuard(
  endpoint: SquaredEndpoint,
  redis: RedisConnection,
  metrics: GatewayMetrics,
  clock: Clock,
): LoginGuard {
  const { credentials } = endpoint;
  const shared =
    credentials.kind === 'account' && redis.commands
      ? new RedisLoginBudgetStore(redis.commands, credentials.email, credentials.password)
      : undefined;
  return new LoginGuard(shared, metrics, clock);
}

/** The service account's login guard, shared by the Squared client and the readiness report. */
@Module({
  imports: [SquaredConnectionModule, RedisModule, MetricsModule],
  providers: [
    {
      provide: LoginGuard,
      inject: [SquaredEndpoint, RedisConnection, GatewayMetrics, Clock],
      useFactory: createLoginGuard,
    },
  ],
  exports: [LoginGuard],
})
export class LoginGuardModule {}
