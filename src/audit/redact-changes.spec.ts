import { REDACTED } from '../common/secrets/secret-policy';
import { redactChanges } from './redact-changes';

describe('redactChanges', () => {
  it('hides the values of a credential field but keeps the fact that it changed', () => {
    expect(redactChanges([{ path: 'configuration.api_key', from: 'old', to: 'new' }])).toEqual([
      { path: 'configuration.api_key', from: REDACTED, to: REDACTED },
    ]);
    expect(redactChanges([{ path: 'configuration.api_key', from: undefined, to: 'new' }])).toEqual([
      { path: 'configuration.api_key', from: undefined, to: REDACTED },
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

  it('masks a credential-looking value whatever its field', () => {
    expect(
      redactChanges([
        { path: 'configuration.dsn', from: 'postgres://u:pw@h/db', to: 'Basic dTpw' },
      ]),
    ).toEqual([{ path: 'configuration.dsn', from: `postgres://u:${REDACTED}@h/db`, to: REDACTED }]);
  });
});
