import { createHash } from 'node:crypto';
import { ConfigurationError } from './configuration.error';
import { parseClientRegistry } from './client-registry.parser';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

const entry = (overrides: Record<string, unknown> = {}) => ({
  id: 'billing-ui',
  keySha256: sha256Hex('key-1'),
  scopes: ['syncs:read', 'syncs:write'],
  ...overrides,
});

describe('parseClientRegistry', () => {
  it('accepts valid entries with an optional rate-limit override', () => {
    const clients = parseClientRegistry(
      JSON.stringify([entry({ rateLimit: { limit: 120, ttlMs: 60000 } })]),
      'GATEWAY_CLIENTS',
    );
    expect(clients).toEqual([{ ...entry(), rateLimit: { limit: 120, ttlMs: 60000 } }]);
  });

  it.each([
    ['not an array', '{}', /must be a JSON array/],
    ['bad digest', JSON.stringify([entry({ keySha256: 'XYZ' })]), /\[0\]: invalid keySha256/],
    ['unknown scope', JSON.stringify([entry({ scopes: ['syncs:delete'] })]), /invalid scopes/],
    ['unknown property', JSON.stringify([entry({ key: 'plain' })]), /invalid key/],
    [
      'bad override',
      JSON.stringify([entry({ rateLimit: { limit: 0, ttlMs: 5 } })]),
      /rateLimit.limit, rateLimit.ttlMs/,
    ],
    [
      'duplicate id',
      JSON.stringify([entry(), entry({ keySha256: sha256Hex('key-2') })]),
      /duplicate client id/,
    ],
    [
      'shared key',
      JSON.stringify([entry(), entry({ id: 'other' })]),
      /reuses another client's key/,
    ],
  ])('rejects %s', (_name, json, message) => {
    expect(() => parseClientRegistry(json, 'GATEWAY_CLIENTS')).toThrow(ConfigurationError);
    expect(() => parseClientRegistry(json, 'GATEWAY_CLIENTS')).toThrow(message);
  });

  it('does not echo the digest it rejects', () => {
    const digest = 'G'.repeat(64);
    expect(() =>
      parseClientRegistry(JSON.stringify([entry({ keySha256: digest })]), 'X'),
    ).not.toThrow(new RegExp(digest));
  });
});
