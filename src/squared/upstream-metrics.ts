import { performance } from 'node:perf_hooks';
import type { AxiosAdapter, AxiosInstance } from 'axios';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import {
  upstreamOperationOf,
  upstreamOutcomeOfError,
  upstreamOutcomeOfStatus,
} from './upstream-outcome';

const INSTRUMENTED = Symbol('gateway.upstreamMetrics');

/**
 * Times every call made through Squared's axios instance (sync reads and writes, and the
 * service-account login, which shares it) by wrapping its adapter. The adapter, not an interceptor:
 * a transport failure reaches error interceptors without its request config, so the operation and the
 * start time would be lost exactly when they matter. Idempotent per instance.
 */
export function instrumentUpstreamCalls(axios: AxiosInstance, metrics: GatewayMetrics): void {
  const adapter = axios.defaults.adapter as (AxiosAdapter & { [INSTRUMENTED]?: true }) | undefined;
  if (typeof adapter !== 'function' || adapter[INSTRUMENTED]) {
    return;
  }
  const instrumented: AxiosAdapter & { [INSTRUMENTED]?: true } = async (config) => {
    const operation = upstreamOperationOf(config.method, config.url);
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    try {
      const response = await adapter(config);
      metrics.observeUpstream(operation, upstreamOutcomeOfStatus(response.status), elapsed());
      return response;
    } catch (error) {
      metrics.observeUpstream(operation, upstreamOutcomeOfError(error), elapsed());
      throw error;
    }
  };
  instrumented[INSTRUMENTED] = true;
  axios.defaults.adapter = instrumented;
}
