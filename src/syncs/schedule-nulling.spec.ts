import { applyScheduleNulling } from './schedule-nulling';

const merged = {
  schedule_type: 'interval',
  sync_interval: 30,
  sync_interval_unit: 'minutes',
  cron_expression: '0 * * * *',
};

describe('applyScheduleNulling', () => {
  it.each([
    ['manual', { sync_interval: null, sync_interval_unit: null, cron_expression: null }],
    ['interval', { sync_interval: 30, sync_interval_unit: 'minutes', cron_expression: null }],
    [
      'cron_expression',
      { sync_interval: null, sync_interval_unit: null, cron_expression: '0 * * * *' },
    ],
    [
      'INTERVAL',
      { sync_interval: 30, sync_interval_unit: 'minutes', cron_expression: '0 * * * *' },
    ],
  ])('for %s nulls stored values silently', (scheduleType, expected) => {
    const result = applyScheduleNulling({ ...merged, schedule_type: scheduleType }, {});

    expect(result).toEqual({ record: { schedule_type: scheduleType, ...expected }, errors: [] });
  });

  it('reports a value the patch set that the schedule type discards', () => {
    const result = applyScheduleNulling(
      { ...merged, schedule_type: 'manual' },
      { sync_interval: 30 },
    );

    expect(result.errors).toEqual([
      {
        field: 'sync.sync_interval',
        message: 'must be null when schedule_type is manual: Squared would discard it',
      },
    ]);
  });

  it.each([null, ''])('accepts the patch setting a discarded field to %j', (value) => {
    expect(applyScheduleNulling(merged, { cron_expression: value }).errors).toEqual([]);
  });

  it('does not mutate the merged record', () => {
    const input = { ...merged, schedule_type: 'manual' };

    applyScheduleNulling(input, {});

    expect(input.sync_interval).toBe(30);
  });
});
