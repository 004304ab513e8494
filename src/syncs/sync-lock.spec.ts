import { GatewayError } from '../common/errors/gateway.error';
import { InProcessSyncLock } from './in-process-sync.lock';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('InProcessSyncLock', () => {
  it('runs work on one sync one at a time, in arrival order', async () => {
    const lock = new InProcessSyncLock(10_000);
    const events: string[] = [];
    const releases: (() => void)[] = [];
    const job = (name: string) =>
      lock.runExclusive(1, async () => {
        events.push(`start ${name}`);
        await new Promise<void>((resolve) => releases.push(resolve));
        events.push(`end ${name}`);
      });
    const all = Promise.all([job('a'), job('b'), job('c')]);
    await tick();
    expect(events).toEqual(['start a']);
    releases.shift()?.();
    await tick();
    expect(events).toEqual(['start a', 'end a', 'start b']);
    releases.shift()?.();
    await tick();
    releases.shift()?.();
    await all;
    expect(events.slice(-2)).toEqual(['start c', 'end c']);
  });

  it('lets different syncs proceed in parallel', async () => {
    const lock = new InProcessSyncLock(10_000);
    let running = 0;
    let maxRunning = 0;
    const job = (id: number) =>
      lock.runExclusive(id, async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await tick();
        running -= 1;
      });
    await Promise.all([job(1), job(2), job(3)]);
    expect(maxRunning).toBe(3);
  });

  it('releases the sync when the work fails', async () => {
    const lock = new InProcessSyncLock(10_000);
    await expect(lock.runExclusive(1, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(lock.runExclusive(1, () => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('gives up waiting after its bound with 503, without running the work, and keeps the queue', async () => {
    const lock = new InProcessSyncLock(30);
    let release!: () => void;
    const holder = lock.runExclusive(1, () => new Promise<void>((resolve) => (release = resolve)));
    const work = jest.fn(() => Promise.resolve());
    const waiter = lock.runExclusive(1, work);
    await expect(waiter).rejects.toBeInstanceOf(GatewayError);
    await expect(waiter).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(work).not.toHaveBeenCalled();
    release();
    await holder;
    await expect(lock.runExclusive(1, () => Promise.resolve('free'))).resolves.toBe('free');
  });
});
