import { redactEntry, redactSecrets } from './redact-secrets';
import { REDACTED } from './secret-policy';

describe('redactSecrets', () => {
  it('hides whatever lies below 64 levels, so any depth is redacted without overflowing', () => {
    const nest = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(redactSecrets(nest(64))).toEqual(nest(64));
    expect(JSON.stringify(redactSecrets(nest(65)))).toBe(
      `${'['.repeat(64)}"${REDACTED}"${']'.repeat(64)}`,
    );
    expect(JSON.stringify(redactSecrets(nest(100_000)))).toBe(
      JSON.stringify(redactSecrets(nest(65))),
    );
  });

  it('redacts credential-named keys at any depth, keeping structure and member order', () => {
    const mapping = {
      from: 'bio',
      to: 'embedding',
      embedding_config: { mode: 'open_ai', model: 'm', api_key: 'sk-live-123' },
    };
    const redacted = redactSecrets({ sync: { configuration: [mapping] } });
    expect(redacted).toEqual({
      sync: {
        configuration: [
          { ...mapping, embedding_config: { mode: 'open_ai', model: 'm', api_key: REDACTED } },
        ],
      },
    });
    expect(JSON.stringify(redacted)).toBe(
      JSON.stringify({
        sync: {
          configuration: [
            { ...mapping, embedding_config: { mode: 'open_ai', model: 'm', api_key: REDACTED } },
          ],
        },
      }),
    );
  });

  it.each([
    'password',
    'accessToken',
    'client_secret',
    'Authorization',
    'private-key',
    'private_key',
    'apiKey',
    'keySha256',
    'cookie',
    'SQUARED_PASSWORD',
  ])('redacts the value of %s, whatever its type', (key) => {
    expect(redactSecrets({ [key]: 'value' })).toEqual({ [key]: REDACTED });
    expect(redactSecrets({ [key]: 12345 })).toEqual({ [key]: REDACTED });
    expect(redactSecrets({ [key]: { kind: 'static', value: 'v' } })).toEqual({ [key]: REDACTED });
  });

  it('keeps a null under a secret-named key (nothing to hide, and a removal stays visible)', () => {
    expect(redactSecrets({ api_key: null, token: undefined })).toEqual({
      api_key: null,
      token: undefined,
    });
  });

  it('leaves ordinary values alone', () => {
    const value = { email: 'email', nested: { interval: 30, list: ['a', 1, true, null] }, n: 3 };
    expect(redactSecrets(value)).toEqual(value);
  });

  it('does not mutate its input, and copies a shared or cyclic object once', () => {
    const input: Record<string, unknown> = { api_key: 'k', inner: { password: 'p' } };
    input.self = input;
    input.again = input.inner;
    const copy = redactSecrets(input);
    expect(input.api_key).toBe('k');
    expect(copy.self).toBe(copy);
    expect(copy.again).toBe(copy.inner);
    expect(copy.inner).toEqual({ password: REDACTED });
  });

  it('keeps a `__proto__` member as an own member, never as the prototype', () => {
    const input = JSON.parse('{"__proto__": {"token": "t"}, "a": 1}') as object;
    const copy = redactSecrets(input);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe(`{"__proto__":{"token":"${REDACTED}"},"a":1}`);
  });

  it('lets a sink replace objects that are not plain data', () => {
    const error = new Error('x');
    expect(
      redactSecrets({ e: error, n: 1 }, (value) =>
        value instanceof Error ? { replaced: 'an error' } : undefined,
      ),
    ).toEqual({ e: 'an error', n: 1 });
  });
});

describe('redactEntry', () => {
  it('redacts by the key first, then by the value', () => {
    expect(redactEntry('api_key', 'sk-1')).toBe(REDACTED);
    expect(redactEntry('api_key', null)).toBeNull();
    expect(redactEntry('from', [{ token: 't', to: 'x' }])).toEqual([{ token: REDACTED, to: 'x' }]);
    expect(redactEntry('from', `sgw_${'k'.repeat(43)}`)).toBe(REDACTED);
  });
});
