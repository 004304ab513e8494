import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { syncPatch } from './support/factories';

describe('PATCH and GET /syncs/:id against the simulator', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.simulator.reset());

  const patch = (id: number | string, body: unknown) =>
    gw.http
      .patch(`/syncs/${id}`)
      .set(bearer(gw.clients.writer))
      .send(body as object);
  const putsTo = (id: number) => gw.simulator.requestsMatching('PUT', `/api/v1/syncs/${id}`);

  it('GET answers the sync as Squared returns it, with an ETag', async () => {
    const response = await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
    expect(response.body.data).toMatchObject({
      id: '42',
      type: 'syncs',
      attributes: { stream_name: 'profile' },
    });
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('PATCH reads, merges and sends the full record with the server-held token', async () => {
    const response = await patch(42, syncPatch({ sync_interval: 45 })).expect(200);

    expect(response.body.data.attributes.sync_interval).toBe(45);
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(45);
    const [put] = putsTo(42);
    expect(put.headers.authorization).toBe(`Bearer ${gw.squaredToken}`);
    expect(put.headers['workspace-id']).toBe('3');
    expect(put.headers.accept).toBe('application/json');
    expect(put.headers['x-request-id']).toBe(response.headers['x-request-id']);
    expect(put.body).toEqual({
      sync: {
        source_id: 7,
        destination_id: 9,
        model_id: 11,
        schedule_type: 'interval',
        sync_mode: 'full_refresh',
        sync_interval: 45,
        sync_interval_unit: 'minutes',
        cron_expression: null,
        stream_name: 'profile',
        configuration: [
          { from: 'email', to: 'email', mapping_type: 'standard' },
          {
            from: '{{ first_name | upcase }}',
            to: 'properties.first_name',
            mapping_type: 'template',
          },
        ],
      },
    });
  });

  it('answers an ETag that matches a later GET', async () => {
    const patched = await patch(42, syncPatch({ sync_mode: 'incremental' })).expect(200);
    const read = await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
    expect(patched.headers.etag).toBe(read.headers.etag);
  });

  it('forwards the caller X-Request-Id when well-formed, and replaces a malformed one', async () => {
    const kept = await gw.http
      .get('/syncs/42')
      .set(bearer(gw.clients.reader))
      .set('X-Request-Id', 'abc.123:x-y')
      .expect(200);
    expect(kept.headers['x-request-id']).toBe('abc.123:x-y');
    expect(gw.simulator.requestsMatching('GET').at(-1)?.headers['x-request-id']).toBe(
      'abc.123:x-y',
    );
    const replaced = await gw.http
      .get('/syncs/42')
      .set(bearer(gw.clients.reader))
      .set('X-Request-Id', 'bad id!')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends nothing upstream for a no-op patch and answers the current document', async () => {
    const response = await patch(
      42,
      syncPatch({ sync_interval: 30, stream_name: 'profile' }),
    ).expect(200);
    expect(response.body.data.attributes.sync_interval).toBe(30);
    expect(putsTo(42)).toHaveLength(0);
    expect(gw.simulator.requestsMatching('GET', '/api/v1/syncs/42')).toHaveLength(1);
  });

  it('treats an empty sync object as a no-op, never sending {"sync":{}}', async () => {
    await patch(42, syncPatch({})).expect(200);
    expect(putsTo(42)).toHaveLength(0);
  });

  it('accepts application/merge-patch+json', async () => {
    await gw.http
      .patch('/syncs/42')
      .set(bearer(gw.clients.writer))
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify(syncPatch({ sync_interval: 5 })))
      .expect(200);
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(5);
  });

  it('?dryRun=true answers the merged document and the changes, and sends nothing', async () => {
    const response = await gw.http
      .patch('/syncs/42?dryRun=true')
      .set(bearer(gw.clients.writer))
      .send(syncPatch({ schedule_type: 'cron_expression', cron_expression: '0 0 */2 * *' }))
      .expect(200);
    expect(response.body.data.attributes).toMatchObject({
      schedule_type: 'cron_expression',
      cron_expression: '0 0 */2 * *',
      sync_interval: null,
      sync_interval_unit: null,
    });
    expect(response.body.changes).toEqual([
      { path: 'schedule_type', from: 'interval', to: 'cron_expression' },
      { path: 'sync_interval', from: 30, to: null },
      { path: 'sync_interval_unit', from: 'minutes', to: null },
      { path: 'cron_expression', from: null, to: '0 0 */2 * *' },
    ]);
    expect(putsTo(42)).toHaveLength(0);
    expect(gw.simulator.getSync(42)?.schedule_type).toBe('interval');
  });

  it('keeps different syncs independent', async () => {
    await Promise.all([
      patch(42, syncPatch({ sync_interval: 11 })).expect(200),
      patch(44, syncPatch({ stream_name: 'events' })).expect(200),
    ]);
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(11);
    expect(gw.simulator.getSync(44)?.stream_name).toBe('events');
  });
});
