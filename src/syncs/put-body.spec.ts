import { GatewayError } from '../common/errors/gateway.error';
import { WritableSync } from '../common/sync/sync.types';
import { toSquaredPutBody } from './put-body';

function newSync(overrides: Partial<WritableSync> = {}): WritableSync {
  return {
    source_id: 7,
    destination_id: 9,
    model_id: 11,
    schedule_type: 'manual',
    sync_mode: 'incremental',
    sync_interval: null,
    sync_interval_unit: null,
    cron_expression: null,
    stream_name: 'profile',
    configuration: { email: 'email' },
    ...overrides,
  };
}

describe('toSquaredPutBody', () => {
  it('sends all ten fields, schedule fields included when null', () => {
    expect(toSquaredPutBody(newSync())).toEqual({ sync: newSync() });
  });

  it('omits a null sync_mode', () => {
    expect(toSquaredPutBody(newSync({ sync_mode: null })).sync).not.toHaveProperty('sync_mode');
  });

  it('shares the merged values rather than copying them (the body is serialised at once)', () => {
    const sync = newSync();

    expect(toSquaredPutBody(sync).sync.configuration).toBe(sync.configuration);
  });

  it('leaves the merged record as it was', () => {
    const sync = newSync({ sync_mode: null });

    toSquaredPutBody(sync);

    expect(sync).toEqual(newSync({ sync_mode: null }));
  });

  it.each([
    'source_id',
    'destination_id',
    'model_id',
    'schedule_type',
    'stream_name',
    'configuration',
  ])('refuses to send null for the required field %s', (field) => {
    const sync = { ...newSync(), [field]: null } as unknown as WritableSync;

    expect(() => toSquaredPutBody(sync)).toThrow(GatewayError);
  });
});
