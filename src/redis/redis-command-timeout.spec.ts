import { once } from 'node:events';
import { AddressInfo, createServer, Socket } from 'node:net';
import { answeredWithin, RedisCommandTimeoutError } from './redis-command-timeout';

/** Keeps the process from running anything else for `ms`, as a starved or pausing process is. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spinning on purpose
  }
}

describe('answeredWithin', () => {
  it('resolves with an answer that comes in time', async () => {
    await expect(answeredWithin(Promise.resolve('OK'), 50)).resolves.toBe('OK');
  });

  it('passes a failure through as itself', async () => {
    const refused = new Error('ECONNREFUSED');
    await expect(answeredWithin(Promise.reject(refused), 50)).rejects.toBe(refused);
  });

  it('rejects with RedisCommandTimeoutError when nothing answers', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(answeredWithin(never, 20)).rejects.toBeInstanceOf(RedisCommandTimeoutError);
  });

  describe('with an answer delivered to the socket while the process was busy past the timeout', () => {
    let server: ReturnType<typeof createServer>;
    let client: Socket;
    let peer: Socket;

    beforeEach(async () => {
      server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const accepted = once(server, 'connection');
      client = new Socket().connect((server.address() as AddressInfo).port, '127.0.0.1');
      [peer] = (await accepted) as [Socket];
      await once(client, 'connect').catch(() => undefined);
    });
    afterEach(async () => {
      client.destroy();
      peer.destroy();
      server.close();
      await once(server, 'close');
    });

    it('takes that answer rather than declaring a timeout', async () => {
      const answer = once(client, 'data').then(([chunk]) => String(chunk));
      const answered = answeredWithin(answer, 20);
      peer.write('+PONG\r\n'); // in the client's socket now, unread until the loop polls
      busyFor(100);
      await expect(answered).resolves.toBe('+PONG\r\n');
    });
  });
});
