import { gzipSync } from 'node:zlib';
import { MAX_JSON_DEPTH } from '../src/http/json-body-rules';
import { expectProblem } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { requestWithHeaders } from './support/http-get';

/** Bad input the body parser, the router and the key guard must refuse, never a 500 (issue 12). */
describe('bad input never reaches a 500', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.simulator.reset());

  const patchText = (text: string, headers: Record<string, string> = {}) =>
    gw.http
      .patch('/syncs/44')
      .set(bearer(gw.clients.writer))
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(text);
  const upstreamCalls = () => gw.simulator.requests.length;
  /** `{"sync":{"configuration":{"a":{"a":…1…}}}}` with `levels` nested `a` objects. */
  const deepConfiguration = (levels: number, open = '{"a":', close = '}') =>
    `{"sync":{"configuration":${open.repeat(levels)}1${close.repeat(levels)}}}`;

  describe('nesting depth', () => {
    it.each([
      ['objects', 2000, '{"a":', '}'],
      ['objects', 3000, '{"a":', '}'],
      ['arrays', 3000, '[', ']'],
    ])(
      '%s nested %i deep → 422 naming the path, nothing read upstream',
      async (_, levels, o, c) => {
        const response = await patchText(deepConfiguration(levels, o, c));
        expectProblem(response, 422, 'validation_failed');
        const step = o === '[' ? '0' : 'a';
        const path = ['sync', 'configuration', ...Array<string>(MAX_JSON_DEPTH - 2).fill(step)];
        expect(response.body.errors).toEqual([
          { field: path.join('.'), message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
        ]);
        expect(upstreamCalls()).toBe(0);
      },
    );

    it('is refused before authentication: no key still gets the 422', async () => {
      const response = await gw.http
        .patch('/syncs/44')
        .set('Content-Type', 'application/json')
        .send(deepConfiguration(2000));
      expectProblem(response, 422, 'validation_failed');
    });

    it(`a body exactly ${MAX_JSON_DEPTH} levels deep is applied`, async () => {
      const text = deepConfiguration(MAX_JSON_DEPTH - 2);
      await patchText(text).expect(200);
      const [put] = gw.simulator.requestsMatching('PUT');
      const sent = JSON.parse(text) as { sync: { configuration: unknown } };
      expect(put.body).toMatchObject({ sync: { configuration: sent.sync.configuration } });
    });
  });

  describe('numbers JSON cannot carry', () => {
    it.each([
      ['{"sync":{"configuration":{"email":1e400}}}', 'sync.configuration.email', 'not a finite'],
      ['{"sync":{"configuration":{"email":-1e999}}}', 'sync.configuration.email', 'not a finite'],
      ['{"sync":{"configuration":{"email":9007199254740993}}}', 'sync.configuration.email', 'lose'],
      ['{"sync":{"sync_interval":2,"x":[1e400]}}', 'sync.x.0', 'not a finite'],
    ])('%s → 422 naming the field, nothing sent', async (text, field, message) => {
      const response = await patchText(text);
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors).toEqual([{ field, message: expect.stringContaining(message) }]);
      expect(upstreamCalls()).toBe(0);
    });

    it('the largest safe integer and ordinary fractions pass', async () => {
      const text = '{"sync":{"configuration":{"email":9007199254740991,"name":0.1}}}';
      await patchText(text).expect(200);
      const [put] = gw.simulator.requestsMatching('PUT');
      expect(put.body).toMatchObject({
        sync: { configuration: { email: 9007199254740991, name: 0.1 } },
      });
    });
  });

  describe('Content-Encoding', () => {
    const body = '{"sync":{"configuration":{"email":"encoded"}}}';

    it.each(['gzip', 'br', 'deflate', 'GZIP', 'identity, gzip'])(
      'plain JSON labelled %s → 415, nothing parsed or sent',
      async (encoding) => {
        const response = await patchText(body, { 'Content-Encoding': encoding });
        expectProblem(response, 415, 'unsupported_media_type');
        expect(upstreamCalls()).toBe(0);
      },
    );

    it('a real gzip body → 415', async () => {
      const response = await gw.http
        .patch('/syncs/44')
        .set(bearer(gw.clients.writer))
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send(gzipSync(body));
      expectProblem(response, 415, 'unsupported_media_type');
      expect(upstreamCalls()).toBe(0);
    });

    it('identity is applied as sent', async () => {
      await patchText(body, { 'Content-Encoding': 'identity' }).expect(200);
      expect(gw.simulator.getSync(44)?.configuration).toEqual({ email: 'encoded' });
    });
  });

  describe('sync ids over 100 characters', () => {
    const longId = '1'.repeat(101);

    it.each(['get', 'patch'] as const)('%s → 400 bad_request, nothing sent', async (method) => {
      const response = await gw.http[method](`/syncs/${longId}`)
        .set(bearer(gw.clients.writer))
        .send(method === 'patch' ? { sync: { sync_interval: 5 } } : undefined);
      expectProblem(response, 400, 'bad_request');
      expect(upstreamCalls()).toBe(0);
    });

    it('without a key it is 401 first, like any other id', async () => {
      expectProblem(await gw.http.get(`/syncs/${longId}`), 401, 'unauthenticated');
    });

    it('a path below a sync is still an unknown route', async () => {
      const response = await gw.http.get('/syncs/42/extra').set(bearer(gw.clients.writer));
      expectProblem(response, 404, 'not_found');
    });
  });

  describe('Authorization forms', () => {
    it.each(['bearer', 'BEARER', 'bEaReR'])('scheme %s is accepted', async (scheme) => {
      await gw.http
        .get('/syncs/42')
        .set('Authorization', `${scheme} ${gw.clients.reader.key}`)
        .expect(200);
    });

    it('more than one space before the key is accepted', async () => {
      await gw.http
        .get('/syncs/42')
        .set('Authorization', `Bearer    ${gw.clients.reader.key}`)
        .expect(200);
    });

    it.each(['Bearer\tKEY', 'BearerKEY', 'Basic KEY', 'Bearer KEY extra'])(
      '%s stays 401',
      async (form) => {
        const value = form.replace('KEY', gw.clients.reader.key);
        expectProblem(
          await gw.http.get('/syncs/42').set('Authorization', value),
          401,
          'unauthenticated',
        );
      },
    );

    /** Two `Authorization` lines on the wire (supertest would fold them into one). */
    const withTwoAuthorizations = (first: string, second: string) =>
      requestWithHeaders(`${gw.url}/syncs/42`, { Authorization: [first, second] });

    it.each([
      ['both valid', 'reader', 'reader'],
      ['valid then unknown', 'reader', 'unknown'],
      ['unknown then valid', 'unknown', 'reader'],
    ])('two Authorization headers (%s) → 400, nothing read', async (_, first, second) => {
      const value = (who: string) =>
        who === 'reader' ? `Bearer ${gw.clients.reader.key}` : 'Bearer sgw_not_a_key';
      const response = await withTwoAuthorizations(value(first), value(second));
      expectProblem(response, 400, 'bad_request');
      expect(upstreamCalls()).toBe(0);
    });
  });
});
