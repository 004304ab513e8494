import { SyncLock } from './sync-lock';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SyncLock', () => {
  it('runs work on one sync one at a time, in arrival order', async () => {
    const lock = new SyncLock();
    const events: string[] = [];
    const releases: (() => void)[] = [];
    const job = (name: string) =>
      lock.runExclusive(1, async () => {
        events.push(`start ${name}`);
        await new Promise<void>((resolve) => releases.push(resolve));
        events.push(`end ${name}`);
      });
    const all = Promise.all([job('a'), job('b')]);
    await tick();
    expect(events).toEqual(['start a']);
    releases.shift()?.();
    await tick();
    expect(events).toEqual(['start a', 'end a', 'start b']);
    releases.shift()?.();
    await all;
  });

  it('lets different syncs proceed in parallel', async () => {
    const lock = new SyncLock();
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
    const lock = new SyncLock();
    await expect(lock.runExclusive(1, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(lock.runExclusive(1, () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
