import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../test/support/test-clock';
import type { SquaredEndpoint } from '../squared/squared-endpoint';
import { SquaredReachability } from './squared-reachability';

describe('SquaredReachability', () => {
  let server: Server;
  let probes: number;
  let clock: ManualClock;
  let reachability: SquaredReachability;

  beforeEach(async () => {
    probes = 0;
    server = createServer((_request, response) => {
      probes += 1;
      response.end();
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    const endpoint = { baseUrl: `http://127.0.0.1:${port}` } as SquaredEndpoint;
    reachability = new SquaredReachability(endpoint, clock);
  });
  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('stamps the check with the clock and reuses the answer for 15 s of it', async () => {
    const first = await reachability.report();
    expect(first).toEqual({ reachable: true, checkedAt: '2026-01-01T00:00:00.000Z' });
    clock.advance(14_999);
    await expect(reachability.report()).resolves.toBe(first);
    expect(probes).toBe(1);
  });

  it('answers the last result once it is due and refreshes it in the background', async () => {
    const first = await reachability.report();
    clock.advance(15_000);
    await expect(reachability.report()).resolves.toBe(first);
    // The refresh runs on real time (an HTTP round trip on loopback): wait for its answer.
    for (let i = 0; i < 200 && (await reachability.report()) === first; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await expect(reachability.report()).resolves.toEqual({
      reachable: true,
      checkedAt: '2026-01-01T00:00:15.000Z',
    });
    expect(probes).toBe(2);
  });
});
