import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { GatewayError } from '../common/errors/gateway.error';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';
import type { LoginReport } from '../squared/login-guard';
import { PUBLIC } from '../openapi/public-operation';
import { AuditStoreHealthIndicator } from './audit-store.health';
import { RedisHealthIndicator } from './redis.health';
import { SquaredLoginStatus } from './squared-login.status';
import { SquaredReachability, SquaredReachabilityReport } from './squared-reachability';

/** `squared.login`: the service account's login state (absent with a static token). */
export type ReadinessReport = HealthCheckResult & {
  squared: SquaredReachabilityReport & { login?: LoginReport };
};

/**
 * Liveness (the process serves HTTP) and readiness (it can serve PATCHes: the audit store answers,
 * and Redis when configured). Squared's reachability is reported but never makes the replica unready:
 * every replica shares the same Squared, so taking them all out of rotation would help nobody.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly auditStore: AuditStoreHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly squared: SquaredReachability,
    private readonly login: SquaredLoginStatus,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers HTTP', security: PUBLIC })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: audit store and (when configured) Redis answer',
    security: PUBLIC,
    description:
      '200 with the terminus result plus `squared` (reachability, informational). 503 is a ' +
      'problem document (code service_unavailable) whose `checks` member holds the terminus result.',
  })
  @ApiOkResponse({
    description: 'Ready',
    schema: {
      type: 'object',
      example: {
        status: 'ok',
        info: { auditStore: { status: 'up' }, redis: { status: 'up' } },
        error: {},
        details: { auditStore: { status: 'up' }, redis: { status: 'up' } },
        squared: {
          reachable: true,
          checkedAt: '2025-01-01T00:00:00.000Z',
          login: { status: 'ok', refusedLastHour: 0 },
        },
      },
    },
  })
  @ApiProblemResponses({ status: 503, codes: ['service_unavailable'] })
  async ready(): Promise<ReadinessReport> {
    const [result, reachability, login] = await Promise.all([
      this.checks(),
      this.squared.report(),
      this.login.report(),
    ]);
    const squared = login ? { ...reachability, login } : reachability;
    if (result.status === 'ok') {
      return { ...result, squared };
    }
    const down = Object.keys(result.error ?? {}).join(', ') || 'shutting down';
    throw new GatewayError('service_unavailable', `Not ready: ${down}`, {
      extensions: { checks: result, squared },
    });
  }

  /** Terminus throws a 503 exception carrying the result; the gateway answers its own problem. */
  private async checks(): Promise<HealthCheckResult> {
    const indicators: HealthIndicatorFunction[] = [() => this.auditStore.check()];
    if (this.redis.configured) {
      indicators.push(() => this.redis.check());
    }
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }
}
