import { callSimulator, type CallOptions } from './simulator-client';
import { SquaredSimulator } from './squared-simulator';

const TOKEN = 'static-admin-token';

describe('SquaredSimulator GET /api/v1/syncs/:id', () => {
  let simulator: SquaredSimulator;
  const get = (id: string | number, options: CallOptions = {}) =>
    callSimulator(simulator.url, 'GET', `/api/v1/syncs/${id}`, {
      token: TOKEN,
      workspaceId: 3,
      ...options,
    });

  beforeAll(async () => {
    simulator = await SquaredSimulator.start();
    simulator.addStaticToken(TOKEN);
  });
  afterEach(() => simulator.reset());
  afterAll(() => simulator.close());

  it('answers the JSON:API document of section 3, keys in emitted order', async () => {
    const response = await get(42);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Object.keys(response.body)).toEqual(['data']);
    expect(response.body.data.id).toBe('42');
    expect(response.body.data.type).toBe('syncs');
    expect(Object.keys(response.body.data.attributes)).toEqual([
      'source_id',
      'destination_id',
      'model_id',
      'configuration',
      'schedule_type',
      'sync_mode',
      'sync_interval',
      'sync_interval_unit',
      'cron_expression',
      'stream_name',
      'status',
      'cursor_field',
      'current_cursor_field',
      'updated_at',
      'created_at',
      'source',
      'destination',
      'model',
    ]);
    expect(response.body.data.attributes).toMatchObject({
      source_id: 7,
      destination_id: 9,
      model_id: 11,
      configuration: [
        { from: 'email', to: 'email', mapping_type: 'standard' },
        {
          from: '{{ first_name | upcase }}',
          to: 'properties.first_name',
          mapping_type: 'template',
        },
      ],
      schedule_type: 'interval',
      sync_mode: 'full_refresh',
      sync_interval: 30,
      sync_interval_unit: 'minutes',
      cron_expression: null,
      stream_name: 'profile',
      status: 'healthy',
      updated_at: '2025-03-05T12:34:56.789Z',
      created_at: '2025-03-01T08:00:00.000Z',
    });
  });

  it('summarises connectors without configuration and masks the model connector secrets', async () => {
    const { attributes } = (await get(42)).body.data;

    expect(attributes.source).toEqual({
      id: 7,
      name: 'warehouse',
      description: null,
      connector_type: 'source',
      workspace_id: 3,
      created_at: '2025-02-01T08:00:00.000Z',
      updated_at: '2025-02-01T08:00:00.000Z',
      connector_name: 'Redshift',
      icon: 'redshift.svg',
    });
    expect(attributes.destination.name).toBe('klaviyo prod');
    expect(attributes.model.connector.configuration).toEqual({
      host: 'warehouse.internal',
      password: '*************',
    });
  });

  it('serves the other fixtures: cron sync 43 and manual v1 sync 44', async () => {
    const cron = (await get(43)).body.data.attributes;
    const manual = (await get(44)).body.data.attributes;

    expect(cron).toMatchObject({
      schedule_type: 'cron_expression',
      cron_expression: '0 0 */2 * *',
    });
    expect(cron.sync_interval).toBeNull();
    expect(manual).toMatchObject({ schedule_type: 'manual', configuration: { email: 'email' } });
  });

  it('answers 401 with the error list for a missing or unknown token', async () => {
    const missing = await get(42, { token: undefined });
    const unknown = await get(42, { token: 'nope' });

    for (const response of [missing, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        errors: [{ status: 401, title: 'Error', detail: 'Unauthorized' }],
      });
    }
  });

  it('answers 400 validation for a non-integer id, before the workspace check', async () => {
    const response = await get('abc', { workspaceId: null });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: { id: ['must be an integer'] } });
  });

  it.each([
    ['missing', null],
    ['non-numeric', 'three'],
    ['unknown', 999],
  ])('answers 400 "Workspace not found" for a %s Workspace-Id', async (_label, workspaceId) => {
    const response = await get(42, { workspaceId });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          status: 400,
          title: 'Bad Request',
          detail: 'There was a problem with the request format: Workspace not found',
          source: { pointer: '/request/payload' },
        },
      ],
    });
  });

  it('answers 400 for a workspace the user is not a member of', async () => {
    simulator.addUser('member@example.com', 'pw', { workspaceIds: [3] });
    const login = await callSimulator(simulator.url, 'POST', '/api/v1/login', {
      body: { email: 'member@example.com', password: 'pw' },
    });
    const token = login.body.data.attributes.token as string;

    expect((await get(42, { token })).status).toBe(200);
    expect((await get(50, { token, workspaceId: 4 })).body.errors[0].detail).toMatch(
      /Workspace not found$/,
    );
  });

  it("answers 404 for another workspace's sync, an unknown id and a deleted sync", async () => {
    simulator.deleteSync(44);

    for (const id of [50, 99, 44]) {
      const response = await get(id);
      expect(response.status).toBe(404);
      expect(Object.keys(response.body)).toEqual(['error']);
      expect(response.body.error).toMatch(new RegExp(`^Couldn't find Sync with 'id'=${id}`));
    }
    expect((await get(50, { workspaceId: 4 })).status).toBe(200);
  });

  it('lets a viewer read', async () => {
    simulator.addStaticToken('viewer-token', { role: 'viewer' });

    expect((await get(42, { token: 'viewer-token' })).status).toBe(200);
  });
});
