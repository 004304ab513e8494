import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsController } from './metrics.controller';

/**
 * Metrics are recorded where things happen (HTTP layer, Squared client, audit log, sync lock), so the
 * one `GatewayMetrics` is global rather than imported by each of those modules.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [GatewayMetrics, HttpMetricsHook],
  exports: [GatewayMetrics],
})
export class MetricsModule {}
