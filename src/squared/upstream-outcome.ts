import { SquaredTransportError } from './squared-transport.error';
import type { UpstreamOperation, UpstreamOutcome } from '../metrics/metric-labels';

export function upstreamOperationOf(
  method: string | undefined,
  url: string | undefined,
): UpstreamOperation {
  const verb = (method ?? 'get').toUpperCase();
  const path = url ?? '';
  if (verb === 'POST' && path.endsWith('/api/v1/login')) {
    return 'login';
  }
  if (/\/api\/v1\/syncs\/\d+$/.test(path)) {
    return verb === 'GET' ? 'get_sync' : verb === 'PUT' ? 'put_sync' : 'other';
  }
  return 'other';
}

export function upstreamOutcomeOfStatus(status: number): UpstreamOutcome {
  if (status >= 200 && status < 300) {
    return 'ok';
  }
  switch (status) {
    case 404:
      return 'not_found';
    case 401:
    case 403:
      return 'unauthorized';
    case 429:
      return 'rate_limited';
    default:
      return status >= 400 && status < 500 ? 'rejected' : 'error';
  }
}

export function upstreamOutcomeOfError(error: unknown): UpstreamOutcome {
  if (error instanceof SquaredTransportError) {
    return error.kind;
  }
  return 'error';
}
