import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import axios, { AxiosHeaders, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { Pool } from 'undici';
import { createUndiciAdapter } from './undici-axios.adapter';
import { SquaredTransportError } from './squared-transport.error';

/** The adapter against a real HTTP server on loopback: `/slow` never answers, anything else at once. */
describe('createUndiciAdapter', () => {
  let server: Server;
  let pool: Pool;
  let client: AxiosInstance;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url?.endsWith('/slow')) {
        return; // never answers
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ path: request.url, method: request.method }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    pool = new Pool(`http://127.0.0.1:${port}`);
    client = axios.create({
      baseURL: `http://127.0.0.1:${port}/api`,
      timeout: 200,
      adapter: createUndiciAdapter(pool),
      transformResponse: (data: string) => data, // as the gateway's Squared client configures it
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await pool.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method and path under the base URL and answers the body as text', async () => {
    const response = await client.put<string>('/syncs/7', '{"sync":{}}');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.data)).toEqual({ path: '/api/syncs/7', method: 'PUT' });
  });

  it('disarms the timeout once the answer is in', async () => {
    // Call-through spies; an unusual timeout tells the adapter's timers from undici's own.
    const setTimer = jest.spyOn(global, 'setTimeout');
    const clearTimer = jest.spyOn(global, 'clearTimeout');
    try {
      await Promise.all(
        Array.from({ length: 20 }, () => client.get('/syncs/1', { timeout: 4321 })),
      );
      const armed = setTimer.mock.calls
        .map((call, i) => ({ delay: call[1], timer: setTimer.mock.results[i].value as unknown }))
        .filter(({ delay }) => delay === 4321)
        .map(({ timer }) => timer);
      const cleared = new Set(clearTimer.mock.calls.map(([timer]) => timer as unknown));
      expect(armed).toHaveLength(20);
      expect(armed.filter((timer) => !cleared.has(timer))).toEqual([]);
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
  });

  it('reports no answer within the timeout as a transport timeout', async () => {
    const error = await client.get('/slow').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SquaredTransportError);
    expect(error).toMatchObject({ kind: 'timeout', reason: 'timeout' });
  });

  it('reports an abort by the caller as a network failure, not a timeout', async () => {
    // Called directly: through axios, its own CanceledError answers a caller's abort first.
    const adapter = createUndiciAdapter(pool);
    const controller = new AbortController();
    const config = {
      baseURL: client.defaults.baseURL,
      url: '/slow',
      method: 'get',
      headers: new AxiosHeaders(),
      timeout: 10_000,
      signal: controller.signal,
    } as InternalAxiosRequestConfig;
    const pending = adapter(config);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ kind: 'network', reason: 'aborted' });
  });
});
