import { REDACTED, redactChanges, redactSecrets } from './redact-secrets';

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

  it('redacts credential-named keys at any depth, keeping structure', () => {
    const mapping = {
      from: 'bio',
      to: 'embedding',
      embedding_config: { mode: 'open_ai', model: 'm', api_key: 'sk-live-123' },
    };
    expect(redactSecrets({ sync: { configuration: [mapping] } })).toEqual({
      sync: {
        configuration: [
          { ...mapping, embedding_config: { mode: 'open_ai', model: 'm', api_key: REDACTED } },
        ],
      },
    });
  });

  it.each(['password', 'accessToken', 'client_secret', 'Authorization', 'private-key', 'apiKey'])(
    'redacts %s',
    (key) => {
      expect(redactSecrets({ [key]: 'value' })).toEqual({ [key]: REDACTED });
    },
  );

  it('redacts values that look like credentials whatever their key', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc';
    expect(
      redactSecrets({ a: jwt, b: 'Bearer xyz', c: `sgw_${'k'.repeat(43)}`, d: 'plain' }),
    ).toEqual({
      a: REDACTED,
      b: REDACTED,
      c: REDACTED,
      d: 'plain',
    });
  });

  it('leaves ordinary values, nulls and non-string secrets alone', () => {
    const value = {
      email: 'email',
      token_count: null,
      nested: { password_policy: { min: 8 } },
      n: 3,
    };
    expect(redactSecrets(value)).toEqual(value);
  });

  it('does not mutate its input', () => {
    const input = { api_key: 'k' };
    redactSecrets(input);
    expect(input.api_key).toBe('k');
  });
});

describe('redactChanges', () => {
  it('hides the values of a credential field but keeps the fact that it changed', () => {
    expect(redactChanges([{ path: 'configuration.api_key', from: 'old', to: 'new' }])).toEqual([
      { path: 'configuration.api_key', from: REDACTED, to: REDACTED },
    ]);
  });

  it('redacts credentials nested in changed values and keeps the rest', () => {
    const from = [{ from: 'a', embedding_config: { api_key: 'sk-1' } }];
    expect(redactChanges([{ path: 'configuration', from, to: undefined }])).toEqual([
      {
        path: 'configuration',
        from: [{ from: 'a', embedding_config: { api_key: REDACTED } }],
        to: undefined,
      },
    ]);
    expect(redactChanges([{ path: 'sync_interval', from: 1, to: 2 }])).toEqual([
      { path: 'sync_interval', from: 1, to: 2 },
    ]);
  });
});
