import type Redis from 'ioredis';
import { RedisCircuit } from './redis-circuit';

/**
 * The Redis commands the gateway's own features use (the lock, idempotency keys, the Squared session,
 * the upstream hold), all behind the connection's `RedisCircuit`: while Redis fails they are refused
 * at once instead of each waiting out the command timeout. The `…Always` variants are for cleanups:
 * sent whatever the circuit says, so that they run after the commands written before them.
 */
export class RedisCommands {
  constructor(
    private readonly client: Redis,
    readonly circuit: RedisCircuit,
  ) {}

  get(key: string): Promise<string | null> {
    return this.circuit.run(() => this.client.get(key));
  }

  set(key: string, value: string, _px: 'PX', ms: number): Promise<unknown> {
    return this.circuit.run(() => this.client.set(key, value, 'PX', ms));
  }

  /** `SET key value PX ms NX`: true when the key was free and is now `value`. */
  async setIfAbsent(key: string, value: string, ms: number): Promise<boolean> {
    return (await this.circuit.run(() => this.client.set(key, value, 'PX', ms, 'NX'))) === 'OK';
  }

  pttl(key: string): Promise<number> {
    return this.circuit.run(() => this.client.pttl(key));
  }

  eval(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.circuit.run(() => this.client.eval(script, keys.length, ...keys, ...args));
  }

  evalAlways(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.circuit.send(() => this.client.eval(script, keys.length, ...keys, ...args));
  }
}
