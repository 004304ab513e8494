import { SquaredTransportError } from './squared-transport.error';
import {
  upstreamOperationOf,
  upstreamOutcomeOfError,
  upstreamOutcomeOfStatus,
} from './upstream-outcome';

describe('upstream metric labels', () => {
  it.each([
    ['get', '/api/v1/syncs/42', 'get_sync'],
    ['put', '/api/v1/syncs/2147483647', 'put_sync'],
    ['post', '/api/v1/login', 'login'],
    ['delete', '/api/v1/syncs/42', 'other'],
    ['get', '/api/v1/anything/else', 'other'],
  ])('%s %s is the operation %s', (method, url, operation) => {
    expect(upstreamOperationOf(method, url)).toBe(operation);
  });

  it.each([
    [200, 'ok'],
    [204, 'ok'],
    [404, 'not_found'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [429, 'rate_limited'],
    [400, 'rejected'],
    [422, 'rejected'],
    [500, 'error'],
    [302, 'error'],
  ])('status %i is the outcome %s', (status, outcome) => {
    expect(upstreamOutcomeOfStatus(status)).toBe(outcome);
  });

  it('names transport failures by kind', () => {
    expect(upstreamOutcomeOfError(new SquaredTransportError('timeout', 'timeout'))).toBe('timeout');
    expect(upstreamOutcomeOfError(new SquaredTransportError('network', 'ECONNRESET'))).toBe(
      'network',
    );
    expect(upstreamOutcomeOfError(new Error('other'))).toBe('error');
  });
});
