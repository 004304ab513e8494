import { FieldError, GatewayError } from '../common/errors/gateway.error';
import { WritableSync } from '../common/sync/sync.types';
import { SyncPatch, mergeSyncPatch } from './sync-merge';
import { CRON_SCHEDULE, newWritableSync } from '../../test/support/factories';

const newSync = newWritableSync;
const cronSync = (): WritableSync => newSync(CRON_SCHEDULE);

function fieldErrorsOf(stored: WritableSync, patch: SyncPatch): FieldError[] {
  try {
    mergeSyncPatch(stored, patch);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('validation_failed');
    return (error as GatewayError).options.errors ?? [];
  }
  throw new Error('expected mergeSyncPatch to throw');
}

type Case = [string, SyncPatch, string];

describe('mergeSyncPatch validation (mirror of Squared rules)', () => {
  describe.each<[string, () => WritableSync, SyncPatch[], Case[]]>([
    [
      'ids',
      newSync,
      [{ source_id: 1 }, { destination_id: 2147483647 }, { model_id: 42 }],
      [
        ['a string id', { source_id: '12' }, 'sync.source_id'],
        ['zero', { destination_id: 0 }, 'sync.destination_id'],
        ['a negative id', { model_id: -3 }, 'sync.model_id'],
        ['an id over 32 bits', { source_id: 2147483648 }, 'sync.source_id'],
        ['a fraction', { model_id: 1.5 }, 'sync.model_id'],
        ['a boolean', { destination_id: true }, 'sync.destination_id'],
      ],
    ],
    [
      'schedule_type',
      newSync,
      [{ schedule_type: 'interval' }, { schedule_type: 'manual' }],
      [
        ['an uppercase enum', { schedule_type: 'INTERVAL' }, 'sync.schedule_type'],
        ['the old name automated', { schedule_type: 'automated' }, 'sync.schedule_type'],
        ['a number', { schedule_type: 1 }, 'sync.schedule_type'],
      ],
    ],
    [
      'sync_mode',
      newSync,
      [{ sync_mode: 'incremental' }, { sync_mode: 'full_refresh' }],
      [
        ['a capitalised enum', { sync_mode: 'Incremental' }, 'sync.sync_mode'],
        ['an unknown mode', { sync_mode: 'append' }, 'sync.sync_mode'],
      ],
    ],
    [
      'interval schedule',
      newSync,
      [{ sync_interval: 1 }, { sync_interval: 2147483647, sync_interval_unit: 'weeks' }],
      [
        ['a zero interval', { sync_interval: 0 }, 'sync.sync_interval'],
        ['a negative interval', { sync_interval: -5 }, 'sync.sync_interval'],
        ['a string interval', { sync_interval: '30' }, 'sync.sync_interval'],
        ['a fractional interval', { sync_interval: 1.5 }, 'sync.sync_interval'],
        ['an interval over 32 bits', { sync_interval: 2147483648 }, 'sync.sync_interval'],
        ['a removed interval', { sync_interval: null }, 'sync.sync_interval'],
        ['an uppercase unit', { sync_interval_unit: 'Minutes' }, 'sync.sync_interval_unit'],
        ['an unknown unit', { sync_interval_unit: 'months' }, 'sync.sync_interval_unit'],
        ['a removed unit', { sync_interval_unit: null }, 'sync.sync_interval_unit'],
      ],
    ],
    [
      'switching to interval without the stored fields',
      cronSync,
      [{ schedule_type: 'interval', sync_interval: 1, sync_interval_unit: 'days' }],
      [
        [
          'no interval',
          { schedule_type: 'interval', sync_interval_unit: 'days' },
          'sync.sync_interval',
        ],
        ['no unit', { schedule_type: 'interval', sync_interval: 1 }, 'sync.sync_interval_unit'],
      ],
    ],
    [
      'cron schedule, even when only cron_expression changes',
      cronSync,
      [{ cron_expression: '0 0 * * mon#2' }, { cron_expression: '@daily' }],
      [
        ['a ? field', { cron_expression: '0 0 ? * *' }, 'sync.cron_expression'],
        ['two fields', { cron_expression: '0 *' }, 'sync.cron_expression'],
        ['@reboot', { cron_expression: '@reboot' }, 'sync.cron_expression'],
        ['a blank cron', { cron_expression: '  ' }, 'sync.cron_expression'],
        ['an empty cron', { cron_expression: '' }, 'sync.cron_expression'],
        ['a removed cron', { cron_expression: null }, 'sync.cron_expression'],
        ['a number', { cron_expression: 5 }, 'sync.cron_expression'],
      ],
    ],
    [
      'switching to cron',
      newSync,
      [{ schedule_type: 'cron_expression', cron_expression: '0 0 * * * +09:00' }],
      [
        ['no cron at all', { schedule_type: 'cron_expression' }, 'sync.cron_expression'],
        [
          'an invalid cron',
          { schedule_type: 'cron_expression', cron_expression: '0 0 L-3 * *' },
          'sync.cron_expression',
        ],
      ],
    ],
    [
      'schedule fields the merged schedule would discard',
      newSync,
      [{ schedule_type: 'manual', sync_interval: null }],
      [
        ['a cron on an interval sync', { cron_expression: '0 * * * *' }, 'sync.cron_expression'],
        [
          'an interval on a manual switch',
          { schedule_type: 'manual', sync_interval: 5 },
          'sync.sync_interval',
        ],
        [
          'a unit on a cron switch',
          {
            schedule_type: 'cron_expression',
            cron_expression: '@hourly',
            sync_interval_unit: 'days',
          },
          'sync.sync_interval_unit',
        ],
      ],
    ],
    [
      'stream_name',
      newSync,
      [{ stream_name: 'contacts' }, { stream_name: 'x'.repeat(255) }],
      [
        ['an empty name', { stream_name: '' }, 'sync.stream_name'],
        ['a number', { stream_name: 42 }, 'sync.stream_name'],
        ['a name over 255 characters', { stream_name: 'x'.repeat(256) }, 'sync.stream_name'],
      ],
    ],
    [
      'configuration',
      newSync,
      [
        { configuration: { email: 'email' } },
        {
          configuration: [
            {
              from: 'bio',
              to: 'embedding',
              mapping_type: 'vector',
              value: null,
              value_type: 'string',
              template: '{{ bio }}',
              field_type: 'text',
              hide_embedding: true,
              embedding_config: { mode: 'open_ai', model: 'text-embedding-3-small', api_key: 'k' },
            },
          ],
        },
      ],
      [
        ['an empty object', { configuration: {} }, 'sync.configuration'],
        ['an empty array', { configuration: [] }, 'sync.configuration'],
        ['a string', { configuration: 'email' }, 'sync.configuration'],
        ['a non-object element', { configuration: [{ from: 'a' }, 1] }, 'sync.configuration'],
        [
          'an unknown element key',
          { configuration: [{ from: 'a', isRequired: true }] },
          'sync.configuration.0.isRequired',
        ],
        [
          'a non-scalar element value',
          { configuration: [{ from: 'a' }, { to: ['x'] }] },
          'sync.configuration.1.to',
        ],
        [
          'a string embedding_config',
          { configuration: [{ embedding_config: 'x' }] },
          'sync.configuration.0.embedding_config',
        ],
        [
          'an unknown embedding_config key',
          { configuration: [{ embedding_config: { mode: 'x', dimensions: 3 } }] },
          'sync.configuration.0.embedding_config.dimensions',
        ],
      ],
    ],
  ])('%s', (_rule, stored, validPatches, invalidCases) => {
    it.each(validPatches)('accepts %j', (patch) => {
      expect(() => mergeSyncPatch(stored(), patch)).not.toThrow();
    });

    it.each(invalidCases)('rejects %s at %s', (_title, patch, field) => {
      expect(fieldErrorsOf(stored(), patch)).toContainEqual({ field, message: expect.any(String) });
    });
  });

  it.each([
    'source_id',
    'destination_id',
    'model_id',
    'schedule_type',
    'sync_mode',
    'stream_name',
    'configuration',
  ])('rejects removing the required field %s', (field) => {
    expect(fieldErrorsOf(newSync(), { [field]: null })).toEqual([
      { field: `sync.${field}`, message: 'cannot be removed: Squared requires a value' },
    ]);
  });

  it.each(['status', 'name', 'id', 'cursor_field', 'stream'])(
    'rejects the non-writable key %s',
    (key) => {
      expect(fieldErrorsOf(newSync(), { [key]: 'x' })).toEqual([
        { field: `sync.${key}`, message: 'is not a writable field' },
      ]);
    },
  );

  // The body parser answers 422 for a prototype key anywhere in a body (json-body-rules.ts), so the
  // merge does not walk the patch for one again; should one reach it, nothing is polluted.
  it('pollutes no prototype with a forbidden key the body parser would have refused', () => {
    const patch = JSON.parse('{"configuration":{"__proto__":{"polluted":true}}}') as SyncPatch;

    mergeSyncPatch(newSync({ configuration: { a: 'b' } }), patch);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports every failing field at once, one message per field', () => {
    const errors = fieldErrorsOf(newSync(), {
      source_id: '7',
      sync_interval: 0,
      cron_expression: '0 * * * *',
      stream_name: null,
    });

    expect(errors.map((error) => error.field).sort()).toEqual([
      'sync.cron_expression',
      'sync.source_id',
      'sync.stream_name',
      'sync.sync_interval',
    ]);
  });

  it('has readable messages without the property name', () => {
    expect(fieldErrorsOf(newSync(), { sync_interval: 0 })).toEqual([
      { field: 'sync.sync_interval', message: 'must be an integer from 1 to 2147483647' },
    ]);
    expect(fieldErrorsOf(newSync(), { sync_interval: null })).toEqual([
      { field: 'sync.sync_interval', message: 'is required when schedule_type is interval' },
    ]);
    expect(fieldErrorsOf(newSync(), { schedule_type: 'INTERVAL' })).toEqual([
      { field: 'sync.schedule_type', message: 'must be one of: manual, interval, cron_expression' },
    ]);
  });
});
