import { RedisCircuitOpenError } from './redis-circuit';
import type { RedisCommands } from './redis-commands';
import { RedisLockStore } from './redis-lock.store';

/** The two commands the lock store sends, as jest functions; nothing else may be called. */
function fakeCommands(setIfAbsent: () => Promise<boolean>) {
  const evalAlways = jest.fn((_script: string, _keys: string[], _args: unknown[]) =>
    Promise.resolve(1 as unknown),
  );
  const commands = { setIfAbsent: jest.fn(setIfAbsent), evalAlways } as unknown as RedisCommands;
  return { commands, evalAlways };
}

describe('RedisLockStore', () => {
  it('takes the lock with SET NX PX', async () => {
    const { commands, evalAlways } = fakeCommands(() => Promise.resolve(true));
    await expect(new RedisLockStore(commands).tryAcquire('k', 't', 1000)).resolves.toBe(true);
    expect(evalAlways).not.toHaveBeenCalled();
  });

  it.each([
    ['timed out', new Error('Command timed out')],
    ['was given up when the circuit opened', new RedisCircuitOpenError(true)],
  ])('queues the compare-and-delete of its token after a SET that %s', async (_case, failure) => {
    const { commands, evalAlways } = fakeCommands(() => Promise.reject(failure));
    await expect(new RedisLockStore(commands).tryAcquire('k', 't', 1000)).rejects.toBe(failure);
    expect(evalAlways).toHaveBeenCalledTimes(1);
    expect(evalAlways.mock.calls[0].slice(1)).toEqual([['k'], ['t']]);
  });

  it('queues nothing for a SET the open circuit never sent', async () => {
    const refused = new RedisCircuitOpenError(false);
    const { commands, evalAlways } = fakeCommands(() => Promise.reject(refused));
    await expect(new RedisLockStore(commands).tryAcquire('k', 't', 1000)).rejects.toBe(refused);
    expect(evalAlways).not.toHaveBeenCalled();
  });
});
