import { expectProblem } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { destroyRawConnections, exchangeRaw, openRaw, parseAnswer } from './support/raw-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What Node's HTTP parser and Fastify's router refuse before any route runs, and what a slow or
 * silent caller can hold, over raw TCP: an HTTP client would not send these requests.
 */
describe('HTTP limits: errors before routing and slow requests', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    // Short timeouts so that the cut-off cases run in seconds (the defaults are 10 s and 20 s).
    gw = await startGateway({
      env: { HTTP_HEADERS_TIMEOUT_MS: '800', HTTP_REQUEST_TIMEOUT_MS: '1500' },
    });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.simulator.clearRequests());
  afterEach(destroyRawConnections);

  /** A problem document with a fresh request id, that closed the connection and quotes nothing. */
  function expectParserProblem(
    answer: ReturnType<typeof parseAnswer>,
    status: number,
    code: string,
    sent?: string,
  ): void {
    expectProblem(answer, status, code);
    expect(answer.headers['x-request-id']).toBeDefined();
    if (sent !== undefined) {
      expect(answer.text).not.toContain(sent);
    }
    expect(gw.simulator.requests).toHaveLength(0);
  }

  it('a request line ended by a bare LF → 400 problem', async () => {
    const answer = await exchangeRaw(gw.url, 'GET /syncs/42-bare-lf HTTP/1.1\nHost: a\n\n');
    expectParserProblem(answer, 400, 'bad_request', '42-bare-lf');
    expect(answer.headers['x-request-id']).toMatch(UUID);
  });

  it('a malformed header line → 400 problem', async () => {
    const answer = await exchangeRaw(
      gw.url,
      'GET /syncs/42 HTTP/1.1\r\nHost: a\r\nBad Header Name: quoted-back\r\n\r\n',
    );
    expectParserProblem(answer, 400, 'bad_request', 'quoted-back');
  });

  it('a bad %-escape in the path → 400 problem that does not echo the URL', async () => {
    const answer = await exchangeRaw(
      gw.url,
      'GET /syncs/%zz-echoed HTTP/1.1\r\nHost: a\r\nX-Request-Id: caller-id-1\r\nConnection: close\r\n\r\n',
    );
    expectParserProblem(answer, 400, 'bad_request', 'zz-echoed');
    // Routing has not started, but the request line was parsed: the caller's id is kept.
    expect(answer.headers['x-request-id']).toBe('caller-id-1');
  });

  it('headers over 16 KiB → 431 problem', async () => {
    const big = 'x'.repeat(17 * 1024);
    const answer = await exchangeRaw(
      gw.url,
      `GET /syncs/42 HTTP/1.1\r\nHost: a\r\nX-Padding: ${big}\r\n\r\n`,
    );
    expectParserProblem(answer, 431, 'headers_too_large', big.slice(0, 64));
  });

  it('an HTTP/1.1 request without Host → 400 problem, nothing forwarded', async () => {
    const answer = await exchangeRaw(
      gw.url,
      `GET /syncs/42 HTTP/1.1\r\nAuthorization: Bearer ${gw.clients.writer.key}\r\nConnection: close\r\n\r\n`,
    );
    expectParserProblem(answer, 400, 'bad_request', gw.clients.writer.key);
  });

  it('headers that never end → 408 problem, connection closed', async () => {
    const connection = await openRaw(gw.url);
    connection.socket.write('GET /syncs/42 HTTP/1.1\r\nHost: a\r\n');
    expectParserProblem(parseAnswer(await connection.closed), 408, 'request_timeout', '/syncs');
  });

  it('a connection that sends nothing is closed after the headers timeout', async () => {
    const connection = await openRaw(gw.url);
    expectParserProblem(parseAnswer(await connection.closed), 408, 'request_timeout');
  });

  it('a PATCH body trickling at one byte per tick is cut with a 408 problem', async () => {
    const connection = await openRaw(gw.url);
    connection.socket.write(
      [
        'PATCH /syncs/42 HTTP/1.1',
        'Host: a',
        `Authorization: Bearer ${gw.clients.writer.key}`,
        'X-Request-Id: slow-body-1',
        'Content-Type: application/json',
        `Content-Length: ${64 * 1024}`,
        '',
        '{"sync":{"stream_name":"',
      ].join('\r\n'),
    );
    // 64 KiB at one byte per 50 ms takes almost an hour: without the cut the socket stays open and
    // the test times out.
    const trickle = setInterval(() => connection.socket.write('a'), 50);
    connection.socket.on('close', () => clearInterval(trickle));
    const answer = parseAnswer(await connection.closed);
    expectParserProblem(answer, 408, 'request_timeout', 'stream_name');
    // The request had been parsed: its answer carries its id, as its log line does.
    expect(answer.headers['x-request-id']).toBe('slow-body-1');
  });

  it('still serves well-formed requests on the same server', async () => {
    await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
  });
});

describe('HTTP limits: idle keep-alive connections and the connection cap', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({
      env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000', HTTP_MAX_CONNECTIONS: '2' },
    });
  });
  afterAll(() => gw.close());
  afterEach(destroyRawConnections);

  const liveRequest = 'GET /health/live HTTP/1.1\r\nHost: a\r\n\r\n';

  it('closes a keep-alive connection once it has been idle for the keep-alive timeout', async () => {
    const connection = await openRaw(gw.url);
    connection.socket.write(liveRequest);
    // Without the timeout the connection would stay open and the test would time out.
    const answer = parseAnswer(await connection.closed);
    expect(answer.status).toBe(200);
    expect(answer.headers['keep-alive']).toBe('timeout=1');
  });

  it('closes connections over the cap on arrival, and serves again once one is gone', async () => {
    const first = await openRaw(gw.url);
    const second = await openRaw(gw.url);
    // Both are accepted: each answers a request before the third connects.
    for (const connection of [first, second]) {
      const answered = new Promise((resolve) => connection.socket.once('data', resolve));
      connection.socket.write(liveRequest);
      await answered;
    }
    const third = await openRaw(gw.url);
    third.socket.write(liveRequest);
    expect(await third.closed).toBe('');
    // The gateway closes the first itself, so that it has counted it out before the next connects.
    first.socket.write('GET /health/live HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    await first.closed;
    const fourth = await openRaw(gw.url);
    fourth.socket.write('GET /health/live HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(parseAnswer(await fourth.closed).status).toBe(200);
  });
});
