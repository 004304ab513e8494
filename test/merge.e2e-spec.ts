import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { newWritableSync, syncPatch, V1_CONFIGURATION } from './support/factories';

/** The writable state every row starts from, unless the row overrides part of it. */
const stored = newWritableSync({ configuration: V1_CONFIGURATION });

type Row = [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

/** [what, stored overrides, patch, PUT body fields that differ from `stored`] */
const rows: Row[] = [
  ['a scalar replaces', {}, { sync_interval: 90 }, { sync_interval: 90 }],
  [
    'objects merge recursively',
    {},
    { configuration: { phone: 'phone' } },
    { configuration: { ...stored.configuration, phone: 'phone' } },
  ],
  [
    'null removes a key of an object',
    {},
    { configuration: { first_name: null } },
    { configuration: { email: 'email' } },
  ],
  [
    'arrays replace wholesale',
    {
      configuration: [
        { from: 'a', to: 'a', mapping_type: 'standard' },
        { from: 'b', to: 'b', mapping_type: 'standard' },
      ],
    },
    { configuration: [{ from: 'c', to: 'c', mapping_type: 'static' }] },
    { configuration: [{ from: 'c', to: 'c', mapping_type: 'static' }] },
  ],
  [
    'an object replaces an array',
    { configuration: [{ from: 'a', to: 'a' }] },
    { configuration: { x: 'y' } },
    { configuration: { x: 'y' } },
  ],
  [
    'switching to manual nulls the three schedule fields',
    {},
    { schedule_type: 'manual' },
    {
      schedule_type: 'manual',
      sync_interval: null,
      sync_interval_unit: null,
      cron_expression: null,
    },
  ],
  [
    'switching to cron nulls the interval fields',
    {},
    { schedule_type: 'cron_expression', cron_expression: '@daily' },
    {
      schedule_type: 'cron_expression',
      cron_expression: '@daily',
      sync_interval: null,
      sync_interval_unit: null,
    },
  ],
  [
    'switching to interval nulls the cron',
    {
      schedule_type: 'cron_expression',
      sync_interval: null,
      sync_interval_unit: null,
      cron_expression: '0 * * * *',
    },
    { schedule_type: 'interval', sync_interval: 2, sync_interval_unit: 'hours' },
    {
      schedule_type: 'interval',
      sync_interval: 2,
      sync_interval_unit: 'hours',
      cron_expression: null,
    },
  ],
  [
    'only the cron changes, schedule fields still all sent',
    {
      schedule_type: 'cron_expression',
      sync_interval: null,
      sync_interval_unit: null,
      cron_expression: '0 * * * *',
    },
    { cron_expression: '*/5 * * * *' },
    {
      schedule_type: 'cron_expression',
      sync_interval: null,
      sync_interval_unit: null,
      cron_expression: '*/5 * * * *',
    },
  ],
];

describe('merge semantics: the PUT body Squared receives', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it.each(rows)('%s', async (_what, overrides, patch, expectedChanges) => {
    const id = gw.simulator.createSync({ ...stored, ...overrides } as never);
    await gw.http
      .patch(`/syncs/${id}`)
      .set(bearer(gw.clients.writer))
      .send(syncPatch(patch))
      .expect(200);
    const [put] = gw.simulator.requestsMatching('PUT', `/api/v1/syncs/${id}`);
    expect(put.body).toEqual({ sync: { ...stored, ...overrides, ...expectedChanges } });
  });

  it('omits sync_mode when Squared stores null and the patch leaves it alone', async () => {
    const id = gw.simulator.createSync({ ...stored, sync_mode: null } as never);
    await gw.http
      .patch(`/syncs/${id}`)
      .set(bearer(gw.clients.writer))
      .send(syncPatch({ sync_interval: 3 }))
      .expect(200);
    const [put] = gw.simulator.requestsMatching('PUT', `/api/v1/syncs/${id}`);
    expect(put.body).toEqual({
      sync: expect.not.objectContaining({ sync_mode: expect.anything() }),
    });
    expect(Object.keys((put.body as { sync: object }).sync)).not.toContain('sync_mode');
  });

  it.each([
    'source_id',
    'destination_id',
    'model_id',
    'schedule_type',
    'sync_mode',
    'stream_name',
    'configuration',
  ])('never sends null for %s: removing it is a 422 and nothing is sent', async (field) => {
    const id = gw.simulator.createSync(stored as never);
    const response = await gw.http
      .patch(`/syncs/${id}`)
      .set(bearer(gw.clients.writer))
      .send(syncPatch({ [field]: null }))
      .expect(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: `sync.${field}` })]);
    expect(gw.simulator.requestsMatching('PUT', `/api/v1/syncs/${id}`)).toHaveLength(0);
  });
});
