import { ReplyError } from 'ioredis';
import { mayRunLate, RedisCircuit, RedisCircuitOpenError } from './redis-circuit';
import { RedisCommandTimeoutError } from './redis-command-timeout';

const timeout = () => Promise.reject(new Error('Command timed out'));
const never = () => new Promise<never>(() => undefined);
const logs = () => ({ warn: jest.fn(), log: jest.fn() });

describe('RedisCircuit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends commands while closed and passes their answers through', async () => {
    const circuit = new RedisCircuit(() => Promise.resolve('PONG'), logs());
    await expect(circuit.run(() => Promise.resolve('OK'))).resolves.toBe('OK');
    expect(circuit.isOpen).toBe(false);
  });

  it('opens on a failure without an answer, then refuses commands without sending them', async () => {
    const circuit = new RedisCircuit(never, logs());
    await expect(circuit.run(timeout)).rejects.toThrow('Command timed out');
    const command = jest.fn(() => Promise.resolve('OK'));
    const refused = await circuit.run(command).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RedisCircuitOpenError);
    expect(mayRunLate(refused)).toBe(false);
    expect(command).not.toHaveBeenCalled();
    circuit.stop();
  });

  it('gives up at once on every command still waiting when it opens', async () => {
    const circuit = new RedisCircuit(never, logs());
    const waiting = [circuit.run(never), circuit.run(never)].map((p) =>
      p.catch((error: unknown) => error),
    );
    await circuit.run(timeout).catch(() => undefined);
    for (const error of await Promise.all(waiting)) {
      expect(error).toBeInstanceOf(RedisCircuitOpenError);
      expect(mayRunLate(error)).toBe(true); // written: Redis may still run it
    }
    circuit.stop();
  });

  it('times out a command unanswered after the command timeout, reported as itself, and opens', async () => {
    jest.useRealTimers(); // the verdict waits for a setImmediate, after the sockets are read
    const circuit = new RedisCircuit(never, logs(), 100, 50);
    const timedOut = circuit.run(never).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(circuit.isOpen).toBe(false);
    expect(await timedOut).toBeInstanceOf(RedisCommandTimeoutError);
    expect(circuit.isOpen).toBe(true);
    circuit.stop();
  });

  it('is not opened by an error reply: Redis answered', async () => {
    const circuit = new RedisCircuit(never, logs());
    const reply = Object.create(ReplyError.prototype as object) as Error;
    await expect(circuit.run(() => Promise.reject(reply))).rejects.toBe(reply);
    expect(circuit.isOpen).toBe(false);
  });

  it('pings while open and closes on the first answer', async () => {
    let up = false;
    const ping = jest.fn(() => (up ? Promise.resolve('PONG') : timeout()));
    const log = logs();
    const circuit = new RedisCircuit(ping, log, 100);
    await circuit.run(timeout).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(350);
    expect(ping).toHaveBeenCalledTimes(3);
    expect(circuit.isOpen).toBe(true);
    up = true;
    await jest.advanceTimersByTimeAsync(100);
    expect(circuit.isOpen).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.log).toHaveBeenCalledWith('Redis answering again: circuit closed');
    await jest.advanceTimersByTimeAsync(1000);
    expect(ping).toHaveBeenCalledTimes(4); // no probing while closed
  });

  it('is not opened again by the late failure of a command sent before it last closed', async () => {
    let fail: (error: Error) => void = () => undefined;
    const lost = () => new Promise<never>((_, reject) => (fail = reject));
    let up = false;
    const circuit = new RedisCircuit(() => (up ? Promise.resolve('PONG') : timeout()), logs(), 100);
    const lostWhileClosed = circuit.send(lost).catch(() => undefined); // e.g. on a dropped connection
    const failLostWhileClosed = fail;
    await circuit.run(timeout).catch(() => undefined);
    const lostWhileOpen = circuit.send(lost).catch(() => undefined); // a cleanup during the hang
    up = true;
    await jest.advanceTimersByTimeAsync(100);
    expect(circuit.isOpen).toBe(false);
    failLostWhileClosed(new Error('Command timed out'));
    fail(new Error('Command timed out'));
    await Promise.all([lostWhileClosed, lostWhileOpen]);
    expect(circuit.isOpen).toBe(false);
    await circuit.run(timeout).catch(() => undefined); // a failure sent since then still opens it
    expect(circuit.isOpen).toBe(true);
    circuit.stop();
  });

  it('sends cleanups while open, and their answer closes it', async () => {
    const circuit = new RedisCircuit(never, logs());
    await circuit.run(timeout).catch(() => undefined);
    await expect(circuit.send(() => Promise.resolve(1))).resolves.toBe(1);
    expect(circuit.isOpen).toBe(false);
    circuit.stop();
  });
});
