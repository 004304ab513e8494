import { callSimulator, type CallOptions } from './simulator-client';
import { SquaredSimulator } from './squared-simulator';

const TOKEN = 'static-admin-token';

describe('SquaredSimulator PUT request-level rules (400)', () => {
  let simulator: SquaredSimulator;
  const put = (id: string | number, body: unknown, options: CallOptions = {}) =>
    callSimulator(simulator.url, 'PUT', `/api/v1/syncs/${id}`, {
      token: TOKEN,
      workspaceId: 3,
      body,
      ...options,
    });
  const syncErrors = async (sync: unknown) => {
    const response = await put(42, { sync });
    expect(response.status).toBe(400);
    return response.body.errors.sync as unknown;
  };

  beforeAll(async () => {
    simulator = await SquaredSimulator.start();
    simulator.addStaticToken(TOKEN);
  });
  afterEach(() => simulator.reset());
  afterAll(() => simulator.close());

  it('R1: the path id must be an integer', async () => {
    const response = await put('abc', { sync: { sync_mode: 'incremental' } });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: { id: ['must be an integer'] } });
  });

  it('R2: sync must be present and an object', async () => {
    expect((await put(42, { other: 1 })).body).toEqual({ errors: { sync: ['is missing'] } });
    expect((await put(42, { sync: 'x' })).body).toEqual({ errors: { sync: ['must be a hash'] } });
    expect((await put(42, { sync: [1] })).body).toEqual({ errors: { sync: ['must be a hash'] } });
  });

  it('R3: ids must be filled integers; integer strings pass', async () => {
    expect(await syncErrors({ source_id: null, model_id: 'abc', destination_id: true })).toEqual({
      source_id: ['must be filled'],
      model_id: ['must be an integer'],
      destination_id: ['must be an integer'],
    });
    expect((await put(42, { sync: { source_id: '7' } })).status).toBe(200);
  });

  it('R4: schedule_type, sync_mode and stream_name must be filled strings', async () => {
    expect(await syncErrors({ schedule_type: '', sync_mode: 3, stream_name: null })).toEqual({
      schedule_type: ['must be filled'],
      sync_mode: ['must be a string'],
      stream_name: ['must be filled'],
    });
  });

  it('R5 and R6: enums are checked lowercased; automated is invalid', async () => {
    expect(await syncErrors({ schedule_type: 'automated', sync_mode: 'upsert' })).toEqual({
      schedule_type: ['invalid schedule type'],
      sync_mode: ['invalid sync mode'],
    });
  });

  it.each([null, {}, [], ''])('R7: configuration %p must be filled', async (configuration) => {
    expect(await syncErrors({ configuration })).toEqual({ configuration: ['must be filled'] });
  });

  it('R8: an enum in the wrong case passes R5 and fails on assignment with the bad-request body', async () => {
    const response = await put(42, { sync: { schedule_type: 'INTERVAL' } });

    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toEqual({
      status: 400,
      title: 'Bad Request',
      detail:
        "There was a problem with the request format: 'INTERVAL' is not a valid schedule_type",
      source: { pointer: '/request/payload' },
    });
  });

  it('R8: an unknown unit sent without schedule_type interval is a bad request', async () => {
    const response = await put(42, { sync: { sync_interval_unit: 'fortnights' } });

    expect(response.body.errors[0].detail).toMatch(
      /'fortnights' is not a valid sync_interval_unit$/,
    );
  });

  it('R9: schedule fields may be null or empty, otherwise typed', async () => {
    expect(
      await syncErrors({ sync_interval: 'often', sync_interval_unit: 5, cron_expression: [] }),
    ).toEqual({
      sync_interval: ['must be an integer'],
      sync_interval_unit: ['must be a string'],
      cron_expression: ['must be a string'],
    });
  });

  it('R10 and R11: with schedule_type interval, a present interval and unit are required', async () => {
    expect(
      await syncErrors({ schedule_type: 'interval', sync_interval: 0, sync_interval_unit: 'ages' }),
    ).toEqual({
      sync_interval: ['must be greater than 0'],
      sync_interval_unit: ['invalid sync interval unit'],
    });
    expect(
      await syncErrors({ schedule_type: 'interval', sync_interval: null, sync_interval_unit: '' }),
    ).toEqual({ sync_interval: ['must be present'], sync_interval_unit: ['must be present'] });
  });

  it('R10 to R12 are skipped without schedule_type in the same request', async () => {
    const response = await put(42, { sync: { sync_interval: -5, cron_expression: 'not cron' } });

    expect(response.status).toBe(422);
    expect(response.body.errors[0].source).toEqual({ sync_interval: 'must be greater than 0' });
  });

  it('R12: with schedule_type cron_expression, the cron must be present and parse', async () => {
    expect(
      await syncErrors({ schedule_type: 'cron_expression', cron_expression: '0 invalid' }),
    ).toEqual({ cron_expression: ['invalid cron expression format'] });
    expect(await syncErrors({ schedule_type: 'cron_expression', cron_expression: null })).toEqual({
      cron_expression: ['must be present'],
    });
  });

  it('reports several failures at once, id and sync together', async () => {
    const response = await put('x', { sync: { sync_mode: 'nope' } });

    expect(response.body).toEqual({
      errors: { id: ['must be an integer'], sync: { sync_mode: ['invalid sync mode'] } },
    });
  });

  it('answers a framework 500 when the cron parser crashes on mixed day-of-month bounds', async () => {
    const response = await put(42, {
      sync: { schedule_type: 'cron_expression', cron_expression: '0 0 L-3 * *' },
    });

    expect(response.status).toBe(500);
    expect(response.body).toEqual({ status: 500, error: 'Internal Server Error' });
  });

  it.each(['0 0 * * * UTC+5', '0 0 * * * UTC+13', '0 0 * * * UTC-11x', '*/0 * * * *'])(
    'answers a framework 500 for %j, on which fugit or et-orbi raises',
    async (cron_expression) => {
      const response = await put(42, {
        sync: { schedule_type: 'cron_expression', cron_expression },
      });

      expect(response.status).toBe(500);
    },
  );

  it.each([
    '* * 25-L * *',
    '0 0 * * * UTC-11',
    '0 0 * * * UTC+12',
    '0 0 * * * UTC-02',
    '0 0 * * * UTC+0',
  ])('stores %j, which fugit accepts', async (cron_expression) => {
    const response = await put(42, { sync: { schedule_type: 'cron_expression', cron_expression } });

    expect(response.status).toBe(200);
    expect(simulator.getSync(42)?.cron_expression).toBe(cron_expression);
  });

  it.each(['0 0 * * * +12:00', '0 0 * * * -1200', '0 0 * * * EUROPE/BERLIN', '0 0 * * *\tUTC'])(
    'refuses %j as an invalid cron (400)',
    async (cron_expression) => {
      expect(await syncErrors({ schedule_type: 'cron_expression', cron_expression })).toEqual({
        cron_expression: ['invalid cron expression format'],
      });
    },
  );

  it('does not parse a body sent without a JSON content type', async () => {
    const response = await put(42, JSON.stringify({ sync: { sync_mode: 'incremental' } }), {
      headers: { 'Content-Type': 'text/plain' },
    });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: { sync: ['is missing'] } });
  });

  it('answers the framework 400 for malformed JSON', async () => {
    const response = await put(42, '{"sync": ', {
      headers: { 'Content-Type': 'application/json' },
    });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ status: 400, error: 'Bad Request' });
  });

  it('checks request rules before the workspace (order of section 6.3)', async () => {
    const response = await put(42, { sync: { sync_mode: 'nope' } }, { workspaceId: null });

    expect(response.body).toEqual({ errors: { sync: { sync_mode: ['invalid sync mode'] } } });
  });

  it('checks the token before the request rules', async () => {
    const response = await put('abc', { sync: 1 }, { token: 'wrong' });

    expect(response.status).toBe(401);
  });
});
