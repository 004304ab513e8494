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

  it('copies configuration rather than sharing it', () => {
    const sync = newSync();

    expect(toSquaredPutBody(sync).sync.configuration).not.toBe(sync.configuration);
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
