import { RedisCircuitOpenError } from '../redis/redis-circuit';
import type { RedisCommands } from '../redis/redis-commands';
import { RedisIdempotencyStore } from './redis-idempotency.store';

const RECORD = { fingerprint: 'f', owner: 'me' };

function fakeCommands(setIfAbsent: () => Promise<boolean>) {
  const evalAlways = jest.fn((_script: string, _keys: string[], _args: unknown[]) =>
    Promise.resolve(1 as unknown),
  );
  const get = jest.fn(() => Promise.resolve(null));
  const commands = {
    setIfAbsent: jest.fn(setIfAbsent),
    get,
    evalAlways,
  } as unknown as RedisCommands;
  return { commands, evalAlways };
}

describe('RedisIdempotencyStore', () => {
  it('claims a free key', async () => {
    const { commands, evalAlways } = fakeCommands(() => Promise.resolve(true));
    await expect(new RedisIdempotencyStore(commands).claim('s', RECORD, 1000)).resolves.toBe(
      undefined,
    );
    expect(evalAlways).not.toHaveBeenCalled();
  });

  it('queues the abandon of its own claim after a claim SET that timed out', async () => {
    const failure = new Error('Command timed out');
    const { commands, evalAlways } = fakeCommands(() => Promise.reject(failure));
    await expect(new RedisIdempotencyStore(commands).claim('s', RECORD, 1000)).rejects.toBe(
      failure,
    );
    expect(evalAlways).toHaveBeenCalledTimes(1);
    expect(evalAlways.mock.calls[0].slice(1)).toEqual([['s'], ['me']]);
  });

  it('queues nothing for a claim the open circuit never sent', async () => {
    const refused = new RedisCircuitOpenError(false);
    const { commands, evalAlways } = fakeCommands(() => Promise.reject(refused));
    await expect(new RedisIdempotencyStore(commands).claim('s', RECORD, 1000)).rejects.toBe(
      refused,
    );
    expect(evalAlways).not.toHaveBeenCalled();
  });
});
