import { Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';

/**
 * Metrics are recorded where things happen (HTTP layer, Squared client, audit log, sync lock, rate
 * limits): each of those modules imports this one (Nest builds it once, so there is one registry).
 */
@Module({
  controllers: [MetricsController],
  providers: [GatewayMetrics, HttpMetricsHook],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
