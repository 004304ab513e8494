import type { StoredSync } from '../src/simulator/simulator.types';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { expectProblem, newWritableSync, syncPatch } from './support/factories';

type Stored = Partial<Omit<StoredSync, 'id'>>;
type Fields = Record<string, unknown>;
/** [what, stored overrides, patch, fields the PUT body, the answer and Squared then hold] */
type Pass = [string, Stored, Fields, Fields];
/** [what, stored overrides, patch, the exact `errors[].field` list of the 422] */
type Fail = [string, Stored, Fields, string[]];

const INT32_MAX = 2147483647;

/** A valid interval sync; every row starts from it, with its overrides. */
const storedMapping = { from: 'email', to: 'email', mapping_type: 'standard' };
const stored = newWritableSync({ configuration: [storedMapping] });
const manual: Stored = { schedule_type: 'manual', sync_interval: null, sync_interval_unit: null };
const cron: Stored = { ...manual, schedule_type: 'cron_expression', cron_expression: '0 * * * *' };
const noInterval = { sync_interval: null, sync_interval_unit: null };
const mapping = { from: 'bio', to: 'vector', mapping_type: 'vector' };
const embedding = { mode: 'open_ai', model: 'text-embedding-3-small', api_key: 'sk-test' };

/** A passing row whose patch is exactly what changes. */
const same = (what: string, over: Stored, patch: Fields): Pass => [what, over, patch, patch];

/** Rows that set one field to each of `values`, each rejected naming that field alone. */
const invalid = (field: string, values: unknown[], overrides: Stored = {}): Fail[] =>
  values.map((value) => [
    `${field} ${JSON.stringify(value)}`,
    overrides,
    { [field]: value },
    [`sync.${field}`],
  ]);

describe("validation: each of Squared's rules passes and fails at the gateway", () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.simulator.reset());

  const send = (id: number, patch: Fields) =>
    gw.http.patch(`/syncs/${id}`).set(bearer(gw.clients.writer)).send(syncPatch(patch));
  const putBodies = () => gw.simulator.requestsMatching('PUT').map((put) => put.body);

  /** 200; one PUT of the full record with the changes; the answer and Squared hold them. */
  const accepts = async (_what: string, overrides: Stored, patch: Fields, changes: Fields) => {
    const id = gw.simulator.createSync({ ...stored, ...overrides });
    const response = await send(id, patch);
    // Status and errors together, so that a failure shows why the gateway refused.
    expect([response.status, response.body.errors]).toEqual([200, undefined]);
    expect(putBodies()).toEqual([{ sync: { ...stored, ...overrides, ...changes } }]);
    expect(response.body.data.attributes).toMatchObject(changes);
    expect(gw.simulator.getSync(id)).toMatchObject(changes);
  };

  /** 422 validation_failed naming exactly `fields`; no PUT (a GET may happen); nothing changed. */
  const rejects = async (_what: string, overrides: Stored, patch: Fields, fields: string[]) => {
    const id = gw.simulator.createSync({ ...stored, ...overrides });
    const before = gw.simulator.getSync(id);
    const response = await send(id, patch);
    expectProblem(response, 422, 'validation_failed');
    const errors = response.body.errors as { field: string; message: string }[];
    expect(errors.map((error) => error.field).sort()).toEqual([...fields].sort());
    for (const error of errors) {
      expect(error.message).toEqual(expect.stringMatching(/\S/));
    }
    expect(putBodies()).toEqual([]);
    expect(gw.simulator.getSync(id)).toEqual(before);
  };

  describe('ids: integers from 1 to 2147483647', () => {
    const fields = ['source_id', 'destination_id', 'model_id'];
    it.each<Pass>([
      same('source_id 7 (was 9)', { source_id: 9 }, { source_id: 7 }),
      same('destination_id 9 (was 10)', { destination_id: 10 }, { destination_id: 9 }),
      same('model_id 11 (was the deleted 12)', { model_id: 12 }, { model_id: 11 }),
    ])('%s', accepts);
    it.each<Fail>(
      fields.flatMap((field) => invalid(field, ['7', 7.5, 0, -1, INT32_MAX + 1, true])),
    )('%s', rejects);

    it.each(fields)('%s 2147483647 passes; Squared answers it does not exist', async (field) => {
      const id = gw.simulator.createSync(stored);
      const response = await send(id, { [field]: INT32_MAX });
      expectProblem(response, 422, 'upstream_rejected');
      expect(response.body.errors).toEqual([
        { field: `sync.${field.replace(/_id$/, '')}`, message: 'must exist' },
      ]);
      expect(putBodies()).toEqual([{ sync: { ...stored, [field]: INT32_MAX } }]);
      expect(gw.simulator.getSync(id)).toMatchObject(stored);
    });
  });

  describe('schedule_type: manual, interval or cron_expression, exact lowercase', () => {
    it.each<Pass>([
      ['manual', {}, { schedule_type: 'manual' }, { schedule_type: 'manual', ...noInterval }],
      [
        'interval, from manual, with its fields',
        manual,
        { schedule_type: 'interval', sync_interval: 2, sync_interval_unit: 'hours' },
        { schedule_type: 'interval', sync_interval: 2, sync_interval_unit: 'hours' },
      ],
      [
        'cron_expression, with a cron',
        {},
        { schedule_type: 'cron_expression', cron_expression: '@daily' },
        { schedule_type: 'cron_expression', cron_expression: '@daily', ...noInterval },
      ],
    ])('%s', accepts);
    it.each<Fail>(invalid('schedule_type', ['INTERVAL', 'automated', '', 5], manual))(
      '%s',
      rejects,
    );
  });

  describe('sync_mode: full_refresh or incremental, exact lowercase', () => {
    it.each<Pass>([
      same('incremental', {}, { sync_mode: 'incremental' }),
      same('full_refresh', { sync_mode: 'incremental' }, { sync_mode: 'full_refresh' }),
      same('set where Squared stores null', { sync_mode: null }, { sync_mode: 'incremental' }),
    ])('%s', accepts);
    it.each<Fail>(invalid('sync_mode', ['Incremental', 'FULL_REFRESH', '', 1]))('%s', rejects);
  });

  describe('interval: sync_interval > 0 and a unit, both required', () => {
    const interval = { schedule_type: 'interval', sync_interval: 15, sync_interval_unit: 'weeks' };
    it.each<Pass>([
      same('sync_interval 1', {}, { sync_interval: 1 }),
      same('sync_interval 2147483647', {}, { sync_interval: INT32_MAX }),
      ...['hours', 'days', 'weeks'].map((unit) => same(unit, {}, { sync_interval_unit: unit })),
      same('switching from manual with both', manual, interval),
    ])('%s', accepts);
    it.each<Fail>([
      [
        'switching from manual without either',
        manual,
        { schedule_type: 'interval' },
        ['sync.sync_interval', 'sync.sync_interval_unit'],
      ],
      [
        'switching from manual without a unit',
        manual,
        { schedule_type: 'interval', sync_interval: 5 },
        ['sync.sync_interval_unit'],
      ],
      [
        'switching from manual without an interval',
        manual,
        { schedule_type: 'interval', sync_interval_unit: 'hours' },
        ['sync.sync_interval'],
      ],
      ...invalid('sync_interval', [null, 0, -5, '5', 1.5, INT32_MAX + 1]),
      ...invalid('sync_interval_unit', [null, 'Minutes', 'seconds', '']),
    ])('%s', rejects);
  });

  describe('cron: a valid cron_expression is required, even when it is the only change', () => {
    const valid = [
      '0 0 */2 * *',
      '*/15 9-17 * jan-mar mon-fri',
      '@daily',
      '0 0 * * * Europe/Berlin',
      '0 9 * * mon +09:00',
      '30 0 12 * * *',
      '* * 25-L * *',
      '0 0 * * * UTC-11',
    ];
    it.each<Pass>(valid.map((cron_expression) => same(cron_expression, cron, { cron_expression })))(
      'alone: %s',
      accepts,
    );
    it.each<Fail>([
      // The schedule is already cron_expression: Squared itself would store these unchecked.
      ...invalid('cron_expression', ['0 *', '0 invalid', '@reboot', '0 0 L-3 * *', '', null], cron),
      // Squared crashes (500) on UTC±N zones and refuses big offsets, miscased names and a tab.
      ...invalid(
        'cron_expression',
        ['0 0 * * * UTC+5', '0 0 * * * +12:00', '0 0 * * * EUROPE/BERLIN', '0 0 * * *\tUTC'],
        cron,
      ),
      [
        'switching to cron_expression without one',
        {},
        { schedule_type: 'cron_expression' },
        ['sync.cron_expression'],
      ],
      [
        'switching to cron_expression with "0 *"',
        {},
        { schedule_type: 'cron_expression', cron_expression: '0 *' },
        ['sync.cron_expression'],
      ],
    ])('%s', rejects);
  });

  describe('a schedule field the merged schedule would discard is rejected, not dropped', () => {
    it.each<Pass>([
      [
        'switching to manual with explicit nulls',
        {},
        { schedule_type: 'manual', sync_interval: null, sync_interval_unit: null },
        { schedule_type: 'manual', ...noInterval },
      ],
      [
        'an empty cron_expression on an interval schedule (Squared reads "" as null)',
        {},
        { sync_interval: 45, cron_expression: '' },
        { sync_interval: 45, cron_expression: null },
      ],
    ])('%s', accepts);
    const toManual = { schedule_type: 'manual' };
    const toCron = { schedule_type: 'cron_expression', cron_expression: '@daily' };
    const [cronField, intervalField] = ['sync.cron_expression', 'sync.sync_interval'];
    it.each<Fail>([
      ['cron_expression, schedule stays interval', {}, { cron_expression: '@daily' }, [cronField]],
      [
        'sync_interval, switching to manual',
        {},
        { ...toManual, sync_interval: 60 },
        [intervalField],
      ],
      ['sync_interval on a manual schedule', manual, { sync_interval: 5 }, [intervalField]],
      ['cron_expression, to manual', cron, { ...toManual, cron_expression: '@daily' }, [cronField]],
      [
        'unit on a cron schedule',
        cron,
        { sync_interval_unit: 'hours' },
        ['sync.sync_interval_unit'],
      ],
      ['sync_interval, switching to cron', {}, { ...toCron, sync_interval: 60 }, [intervalField]],
    ])('%s', rejects);
  });

  describe('stream_name: a non-empty string, in the catalog (checked by Squared)', () => {
    it.each<Pass>([same('events', {}, { stream_name: 'events' })])('%s', accepts);
    it.each<Fail>(invalid('stream_name', ['', 5, ['profile']]))('%s', rejects);

    it('a name missing from the catalog reaches Squared, which rejects it', async () => {
      const id = gw.simulator.createSync(stored);
      const before = gw.simulator.getSync(id);
      const response = await send(id, { stream_name: 'not-in-catalog' });
      expectProblem(response, 422, 'upstream_rejected');
      expect(response.body.errors).toEqual([
        {
          field: 'sync.stream_name',
          message: 'Add a valid stream_name associated with destination connector',
        },
      ]);
      expect(putBodies()).toEqual([{ sync: { ...stored, stream_name: 'not-in-catalog' } }]);
      expect(gw.simulator.getSync(id)).toEqual(before);
    });
  });

  describe('configuration: a non-empty object, or a non-empty array of mappings', () => {
    const config = (configuration: unknown) => ({ configuration });
    it.each<Pass>([
      same('a v1 object (replaces the array)', {}, config({ email: 'email' })),
      same(
        'a mapping with every scalar key',
        {},
        config([
          {
            ...{ from: 'a', to: 'b', mapping_type: 'static', value: 1, value_type: 'number' },
            ...{ template: null, field_type: 'integer', hide_embedding: true },
          },
        ]),
      ),
      same(
        'a vector mapping with embedding_config',
        {},
        config([{ ...mapping, embedding_config: embedding }]),
      ),
    ])('%s', accepts);
    it.each<Fail>([
      ...invalid('configuration', [{}, [], '', 'email', ['email']]),
      [
        'the last v1 key removed',
        { configuration: { a: 'b' } },
        config({ a: null }),
        ['sync.configuration'],
      ],
      ...(
        [
          ['isRequired', { ...mapping, isRequired: true }, '1.isRequired'],
          ['an object under from', { ...mapping, from: { column: 'bio' } }, '1.from'],
          [
            'embedding_config with an unknown key',
            { ...mapping, embedding_config: { ...embedding, dimensions: 3 } },
            '1.embedding_config.dimensions',
          ],
          [
            'embedding_config a string',
            { ...mapping, embedding_config: 'x' },
            '1.embedding_config',
          ],
          ['embedding_config null', { ...mapping, embedding_config: null }, '1.embedding_config'],
        ] as const
      ).map(([what, element, path]): Fail => {
        const patch = config([storedMapping, element]);
        return [`a mapping with ${what}`, {}, patch, [`sync.configuration.${path}`]];
      }),
    ])('%s', rejects);
  });

  it('reports every invalid field in one 422', () =>
    rejects(
      'several',
      {},
      {
        model_id: -1,
        sync_mode: 'Incremental',
        sync_interval: 0,
        sync_interval_unit: 'Minutes',
        cron_expression: '@daily',
        stream_name: '',
        configuration: [],
      },
      [
        'sync.model_id',
        'sync.sync_mode',
        'sync.sync_interval',
        'sync.sync_interval_unit',
        'sync.cron_expression',
        'sync.stream_name',
        'sync.configuration',
      ],
    ));
});
