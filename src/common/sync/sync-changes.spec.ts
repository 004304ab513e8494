import { WritableSync } from './sync.types';
import { diffWritableSync } from './sync-changes';
import { newWritableSync, V1_CONFIGURATION } from '../../../test/support/factories';

const newSync = (overrides: Partial<WritableSync> = {}): WritableSync =>
  newWritableSync({ configuration: V1_CONFIGURATION, ...overrides });

describe('diffWritableSync', () => {
  it('is empty for equal states (a no-op)', () => {
    expect(diffWritableSync(newSync(), newSync())).toEqual([]);
  });

  it('ignores key order', () => {
    const reordered = newSync({
      configuration: { first_name: 'properties.first_name', email: 'email' },
    });

    expect(diffWritableSync(newSync(), reordered)).toEqual([]);
  });

  it('lists scalar changes in writable-field order', () => {
    const after = newSync({
      schedule_type: 'cron_expression',
      sync_interval: null,
      sync_interval_unit: null,
      cron_expression: '@daily',
      source_id: 8,
    });

    expect(diffWritableSync(newSync(), after)).toEqual([
      { path: 'source_id', from: 7, to: 8 },
      { path: 'schedule_type', from: 'interval', to: 'cron_expression' },
      { path: 'sync_interval', from: 30, to: null },
      { path: 'sync_interval_unit', from: 'minutes', to: null },
      { path: 'cron_expression', from: null, to: '@daily' },
    ]);
  });

  it('recurses into objects with sorted keys, undefined marking added and removed keys', () => {
    const after = newSync({
      configuration: { phone: 'phone', first_name: 'properties.given_name', nested: { a: 1 } },
    });

    expect(diffWritableSync(newSync(), after)).toEqual([
      { path: 'configuration.email', from: 'email', to: undefined },
      {
        path: 'configuration.first_name',
        from: 'properties.first_name',
        to: 'properties.given_name',
      },
      { path: 'configuration.nested', from: undefined, to: { a: 1 } },
      { path: 'configuration.phone', from: undefined, to: 'phone' },
    ]);
  });

  it('compares arrays as a whole', () => {
    const before = newSync({ configuration: [{ from: 'a', to: 'a' }] });
    const after = newSync({ configuration: [{ from: 'a', to: 'b' }] });

    expect(diffWritableSync(before, after)).toEqual([
      { path: 'configuration', from: [{ from: 'a', to: 'a' }], to: [{ from: 'a', to: 'b' }] },
    ]);
  });

  it('reports a form switch (object to array) on configuration itself', () => {
    const after = newSync({ configuration: [{ from: 'email', to: 'email' }] });

    expect(diffWritableSync(newSync(), after)).toEqual([
      { path: 'configuration', from: newSync().configuration, to: after.configuration },
    ]);
  });
});
