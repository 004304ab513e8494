import { callSimulator, type CallOptions } from './simulator-client';
import { SquaredSimulator } from './squared-simulator';

const TOKEN = 'static-admin-token';
const CLOCK_START = Date.parse('2025-06-01T10:00:00.000Z');

describe('SquaredSimulator PUT /api/v1/syncs/:id semantics', () => {
  let simulator: SquaredSimulator;
  const put = (id: number, sync: unknown, options: CallOptions = {}) =>
    callSimulator(simulator.url, 'PUT', `/api/v1/syncs/${id}`, {
      token: TOKEN,
      workspaceId: 3,
      body: { sync },
      ...options,
    });
  const recordErrors = async (id: number, sync: unknown) => {
    const response = await put(id, sync);
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({
      status: 422,
      title: 'Error',
      detail: 'Sync update failed',
    });
    return response.body.errors[0].source as unknown;
  };

  beforeAll(async () => {
    simulator = await SquaredSimulator.start({ now: () => CLOCK_START });
    simulator.addStaticToken(TOKEN);
    simulator.addStaticToken('viewer', { role: 'viewer' });
  });
  afterEach(() => simulator.reset());
  afterAll(() => simulator.close());

  it('writes only the keys present and answers the GET document', async () => {
    const response = await put(42, { sync_mode: 'incremental' });

    expect(response.status).toBe(200);
    expect(response.body.data.id).toBe('42');
    expect(response.body.data.attributes).toMatchObject({
      sync_mode: 'incremental',
      sync_interval: 30,
      stream_name: 'profile',
      updated_at: '2025-06-01T10:00:00.000Z',
    });
    expect(simulator.getSync(42)?.sync_mode).toBe('incremental');
  });

  it('behaves the same on PATCH', async () => {
    const response = await callSimulator(simulator.url, 'PATCH', '/api/v1/syncs/42', {
      token: TOKEN,
      workspaceId: 3,
      body: { sync: { stream_name: 'events' } },
    });

    expect(response.status).toBe(200);
    expect(simulator.getSync(42)?.stream_name).toBe('events');
  });

  it('keeps updated_at when nothing changed and ignores read-only and unknown keys', async () => {
    const response = await put(42, { sync_mode: 'full_refresh', status: 'disabled', name: 'x' });

    expect(response.status).toBe(200);
    expect(response.body.data.attributes.updated_at).toBe('2025-03-05T12:34:56.789Z');
    expect(response.body.data.attributes.status).toBe('healthy');
  });

  it('answers 422 with a single error string for an empty sync', async () => {
    const response = await put(42, {});

    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: 'param is missing or the value is empty: sync' });
  });

  it('answers 200 without change for a sync holding only unknown keys', async () => {
    expect((await put(42, { name: 'renamed' })).status).toBe(200);
  });

  it('answers 403 to a viewer, after the 404 check', async () => {
    const forbidden = await put(42, { sync_mode: 'incremental' }, { token: 'viewer' });
    const missing = await put(99, { sync_mode: 'incremental' }, { token: 'viewer' });

    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      errors: [{ status: 403, title: 'Error', detail: 'You are not authorized to do this action' }],
    });
    expect(missing.status).toBe(404);
  });

  it('answers 404 for another workspace before the empty-sync 422', async () => {
    const response = await put(50, {});

    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/^Couldn't find Sync with 'id'=50/);
  });

  it('checks existence of connectors and model on the merged record', async () => {
    expect(await recordErrors(42, { source_id: 1, destination_id: 2, model_id: 3 })).toEqual({
      source: 'must exist',
      destination: 'must exist',
      model: 'must exist',
    });
  });

  it('requires interval fields on the merged record', async () => {
    expect(await recordErrors(44, { schedule_type: 'interval' })).toEqual({
      sync_interval: "can't be blank",
      sync_interval_unit: "can't be blank",
    });
  });

  it('requires a cron on the merged record and stores an unchecked cron', async () => {
    expect(await recordErrors(44, { schedule_type: 'cron_expression' })).toEqual({
      cron_expression: "can't be blank",
    });
    expect((await put(43, { cron_expression: 'not a cron' })).status).toBe(200);
    expect(simulator.getSync(43)?.cron_expression).toBe('not a cron');
  });

  it('checks the stream name against the destination catalog', async () => {
    expect(await recordErrors(42, { stream_name: 'Profile' })).toEqual({
      stream_name: 'Add a valid stream_name associated with destination connector',
    });
    expect(await recordErrors(42, { destination_id: 10 })).toEqual({
      catalog: 'Catalog is missing',
    });
  });

  it('answers the bad-request body for an interval beyond 32 bits', async () => {
    const response = await put(42, { sync_interval: 2147483648 });

    expect(response.status).toBe(400);
    expect(response.body.errors[0].detail).toMatch(/2147483648 is out of range/);
  });

  it.each([
    ['manual', { sync_interval: null, sync_interval_unit: null, cron_expression: null }],
    ['interval', { sync_interval: 30, sync_interval_unit: 'minutes', cron_expression: null }],
  ])('nulls the schedule fields schedule_type %s excludes', async (scheduleType, expected) => {
    const response = await put(42, {
      schedule_type: scheduleType,
      sync_interval: 30,
      sync_interval_unit: 'minutes',
      cron_expression: '0 0 * * *',
    });

    expect(response.status).toBe(200);
    expect(response.body.data.attributes).toMatchObject({
      schedule_type: scheduleType,
      ...expected,
    });
  });

  it('nulls interval fields for schedule_type cron_expression', async () => {
    await put(42, { schedule_type: 'cron_expression', cron_expression: '0 0 * * *' });

    expect(simulator.getSync(42)).toMatchObject({
      schedule_type: 'cron_expression',
      cron_expression: '0 0 * * *',
      sync_interval: null,
      sync_interval_unit: null,
    });
  });

  it('nulls nothing when schedule_type is absent', async () => {
    await put(43, { sync_interval: 5, sync_interval_unit: 'hours' });

    expect(simulator.getSync(43)).toMatchObject({
      sync_interval: 5,
      cron_expression: '0 0 */2 * *',
    });
  });

  it('filters v2 configuration elements to the permitted keys', async () => {
    await put(42, {
      configuration: [
        { from: 'email', to: 'email', mapping_type: 'standard', isRequired: true },
        { from: { nested: 1 }, to: 'x', mapping_type: 'static', value: 'v' },
        {
          from: 'bio',
          to: 'vec',
          mapping_type: 'vector',
          embedding_config: { mode: 'open_ai', model: 'm', api_key: 'k', extra: 1 },
        },
        'not an element',
      ],
    });

    expect(simulator.getSync(42)?.configuration).toEqual([
      { from: 'email', to: 'email', mapping_type: 'standard' },
      { to: 'x', mapping_type: 'static', value: 'v' },
      {
        from: 'bio',
        to: 'vec',
        mapping_type: 'vector',
        embedding_config: { mode: 'open_ai', model: 'm', api_key: 'k' },
      },
    ]);
  });

  it('stores a v1 object raw and ignores a configuration of another type', async () => {
    const v1 = { email: 'email', nested: { deep: ['x'] } };
    await put(44, { configuration: v1 });
    expect(simulator.getSync(44)?.configuration).toEqual(v1);

    expect((await put(44, { configuration: 'just a string' })).status).toBe(200);
    expect(simulator.getSync(44)?.configuration).toEqual(v1);
  });

  it('accepts integer strings for ids and stores integers', async () => {
    await put(42, { destination_id: '9', sync_interval: '45' });

    expect(simulator.getSync(42)).toMatchObject({ destination_id: 9, sync_interval: 45 });
  });

  it('enables and disables through PATCH /enable', async () => {
    const enable = (enable: boolean) =>
      callSimulator(simulator.url, 'PATCH', '/api/v1/syncs/42/enable', {
        token: TOKEN,
        workspaceId: 3,
        body: { enable },
      });

    expect((await enable(false)).body.data.attributes.status).toBe('disabled');
    expect((await enable(true)).body.data.attributes.status).toBe('pending');
  });
});
