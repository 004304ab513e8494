import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from '../audit/audit.module';
import { RedisModule } from '../redis/redis.module';
import { LoginGuardModule } from '../squared/login-guard.module';
import { SquaredConnectionModule } from '../squared/squared-connection.module';
import { AuditStoreHealthIndicator } from './audit-store.health';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';
import { SquaredLoginStatus } from './squared-login.status';
import { SquaredReachability } from './squared-reachability';

/** The modules imported here are the app's own instances (Nest shares a module across importers). */
@Module({
  imports: [TerminusModule, AuditModule, RedisModule, SquaredConnectionModule, LoginGuardModule],
  controllers: [HealthController],
  providers: [
    AuditStoreHealthIndicator,
    RedisHealthIndicator,
    SquaredReachability,
    SquaredLoginStatus,
  ],
})
export class HealthModule {}
