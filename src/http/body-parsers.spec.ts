import Fastify, { FastifyInstance } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { registerBodyParsers } from './body-parsers';

/** A bare Fastify with the gateway's parsers: answers the parsed body, or the GatewayError's code. */
async function server(): Promise<FastifyInstance> {
  const fastify = Fastify();
  registerBodyParsers(fastify);
  fastify.setErrorHandler((error, _request, reply) => {
    const code = error instanceof GatewayError ? error.code : 'other';
    const errors = error instanceof GatewayError ? error.options.errors : undefined;
    void reply.status(error instanceof GatewayError ? error.status : 500).send({ code, errors });
  });
  fastify.patch('/', (request) => ({ parsed: request.body }));
  await fastify.ready();
  return fastify;
}

describe('registerBodyParsers', () => {
  let fastify: FastifyInstance;
  beforeAll(async () => {
    fastify = await server();
  });
  afterAll(() => fastify.close());

  const send = (payload: string, headers: Record<string, string> = {}) =>
    fastify.inject({
      method: 'PATCH',
      url: '/',
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it.each([undefined, 'identity', 'IDENTITY', 'identity, identity', ''])(
    'parses a body with Content-Encoding %j',
    async (encoding) => {
      const response = await send(
        '{"a":1}',
        encoding === undefined ? {} : { 'content-encoding': encoding },
      );
      expect(response.json()).toEqual({ parsed: { a: 1 } });
    },
  );

  it.each(['gzip', 'br', 'x-gzip', 'identity, gzip', 'compress'])(
    'refuses Content-Encoding %j with 415',
    async (encoding) => {
      const response = await send('{"a":1}', { 'content-encoding': encoding });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({ code: 'unsupported_media_type' });
    },
  );

  it('refuses a body too deep, or with a number JSON cannot carry, with 422 naming the field', async () => {
    const deep = await send(`{"x":${'['.repeat(40)}${']'.repeat(40)}}`);
    expect(deep.statusCode).toBe(422);
    expect(deep.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: expect.stringMatching(/^x(\.0)+$/) }],
    });
    const infinite = await send('{"x":{"y":1e400}}');
    expect(infinite.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'x.y' }],
    });
  });

  it('keeps refusing malformed JSON (400) and prototype keys (422)', async () => {
    expect((await send('{"a":')).json()).toEqual({ code: 'bad_request' });
    expect((await send('{"a":{"__proto__":1}}')).json()).toEqual({
      code: 'validation_failed',
      errors: [{ field: 'a.__proto__', message: 'is a forbidden key' }],
    });
  });
});
