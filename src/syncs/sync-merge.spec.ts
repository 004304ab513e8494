import { JsonObject } from '../common/json/json-value';
import { WritableSync } from '../common/sync/sync.types';
import { toSquaredPutBody } from './put-body';
import { SyncPatch, mergeSyncPatch } from './sync-merge';
import { CRON_SCHEDULE, newWritableSync, V1_CONFIGURATION } from '../../test/support/factories';

const newSync = newWritableSync;
const cronSync = (): WritableSync => newSync(CRON_SCHEDULE);
const v1Sync = (): WritableSync => newSync({ configuration: V1_CONFIGURATION });

function putBodyAfter(stored: WritableSync, patch: SyncPatch): JsonObject {
  return toSquaredPutBody(mergeSyncPatch(stored, patch)).sync;
}

describe('mergeSyncPatch → PUT body', () => {
  it.each<[string, () => WritableSync, SyncPatch, Partial<Record<keyof WritableSync, unknown>>]>([
    ['an empty patch keeps everything', newSync, {}, {}],
    ['a scalar replaces', newSync, { sync_mode: 'incremental' }, { sync_mode: 'incremental' }],
    ['ids replace', newSync, { source_id: 12, model_id: 13 }, { source_id: 12, model_id: 13 }],
    [
      'v1 configuration objects merge recursively',
      v1Sync,
      { configuration: { first_name: 'properties.given_name', phone: 'phone' } },
      {
        configuration: {
          email: 'email',
          first_name: 'properties.given_name',
          phone: 'phone',
        },
      },
    ],
    [
      'null removes a key inside a v1 configuration',
      v1Sync,
      { configuration: { email: null } },
      { configuration: { first_name: 'properties.first_name' } },
    ],
    [
      'v2 configuration arrays replace wholesale',
      newSync,
      { configuration: [{ from: 'id', to: 'external_id', mapping_type: 'standard' }] },
      { configuration: [{ from: 'id', to: 'external_id', mapping_type: 'standard' }] },
    ],
    [
      'an array replaces a v1 object',
      v1Sync,
      { configuration: [{ from: 'email', to: 'email' }] },
      { configuration: [{ from: 'email', to: 'email' }] },
    ],
    [
      'switching to cron_expression nulls the interval fields',
      newSync,
      { schedule_type: 'cron_expression', cron_expression: '0 */2 * * *' },
      {
        schedule_type: 'cron_expression',
        cron_expression: '0 */2 * * *',
        sync_interval: null,
        sync_interval_unit: null,
      },
    ],
    [
      'switching to manual nulls all schedule fields',
      newSync,
      { schedule_type: 'manual' },
      { schedule_type: 'manual', sync_interval: null, sync_interval_unit: null },
    ],
    [
      'switching to interval nulls the stored cron',
      cronSync,
      { schedule_type: 'interval', sync_interval: 2, sync_interval_unit: 'hours' },
      {
        schedule_type: 'interval',
        sync_interval: 2,
        sync_interval_unit: 'hours',
        cron_expression: null,
      },
    ],
    [
      'a schedule field set to null where the schedule ignores it is fine',
      newSync,
      { schedule_type: 'manual', sync_interval: null, cron_expression: null },
      { schedule_type: 'manual', sync_interval: null, sync_interval_unit: null },
    ],
    [
      'a stale "" cron of an interval sync is nulled silently',
      () => newSync({ cron_expression: '' }),
      { stream_name: 'people' },
      { stream_name: 'people', cron_expression: null },
    ],
    [
      'only the cron changes on a cron sync',
      cronSync,
      { cron_expression: '*/15 9-17 * jan-mar mon-fri Europe/Berlin' },
      {
        schedule_type: 'cron_expression',
        sync_interval: null,
        sync_interval_unit: null,
        cron_expression: '*/15 9-17 * jan-mar mon-fri Europe/Berlin',
      },
    ],
  ])('%s', (_title, stored, patch, expectedChanges) => {
    expect(putBodyAfter(stored(), patch)).toEqual({
      ...newSync(),
      ...stored(),
      ...expectedChanges,
    });
  });

  it('always sends the three schedule fields and never null for a filled field', () => {
    const body = putBodyAfter(newSync(), { schedule_type: 'manual' });

    expect(Object.keys(body)).toEqual([
      'source_id',
      'destination_id',
      'model_id',
      'schedule_type',
      'sync_mode',
      'sync_interval',
      'sync_interval_unit',
      'cron_expression',
      'stream_name',
      'configuration',
    ]);
    expect(body).toMatchObject({
      sync_interval: null,
      sync_interval_unit: null,
      cron_expression: null,
    });
  });

  it('omits sync_mode when it is null in the stored record and the patch leaves it alone', () => {
    const body = putBodyAfter(newSync({ sync_mode: null }), { stream_name: 'people' });

    expect(body).not.toHaveProperty('sync_mode');
    expect(body.stream_name).toBe('people');
  });

  it('sends sync_mode when the patch sets it on a record where it was null', () => {
    expect(putBodyAfter(newSync({ sync_mode: null }), { sync_mode: 'incremental' })).toMatchObject({
      sync_mode: 'incremental',
    });
  });

  it('never mutates the stored sync or the patch', () => {
    const stored = v1Sync();
    const patch = { configuration: { email: null, phone: { nested: 'x' } } };
    const storedCopy = structuredClone(stored);
    const patchCopy = structuredClone(patch);

    const merged = mergeSyncPatch(stored, patch);
    (merged.configuration as JsonObject).phone = 'mutated';

    expect(stored).toEqual(storedCopy);
    expect(patch).toEqual(patchCopy);
  });

  it('returns the complete merged record', () => {
    expect(mergeSyncPatch(newSync(), { sync_interval: 5 })).toEqual(newSync({ sync_interval: 5 }));
  });
});
