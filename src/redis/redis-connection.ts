import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConfig } from '../config/gateway-config';
import { PROBE_INTERVAL_MS, RedisCircuit } from './redis-circuit';
import { RedisCommands } from './redis-commands';
import { answeredWithin } from './redis-command-timeout';

/** Reconnection backoff: quick enough that shared counting resumes within about a second. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * The gateway's one Redis connection (none without `REDIS_URL`), shared by the rate limits, the
 * upstream hold, the per-sync lock, idempotency keys, the shared Squared session and the readiness
 * check; every key carries `REDIS_KEY_PREFIX` (the families are in redis-keys.ts). It is configured to fail fast rather than to
 * wait: no offline queue (a command while disconnected fails at once instead of being replayed later
 * as a stale increment), no resending of in-flight commands after a reconnect, and a short
 * per-command timeout (kept by the circuit). Each caller decides what a failed command means (a failure mode, a 503);
 * ioredis keeps reconnecting in the background. `commands` (and the rate limiter) go through one
 * `RedisCircuit`, so that a Redis that hangs costs one command timeout, not one per command.
 */
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis | undefined;
  /** The client's commands behind the connection's circuit (none without `REDIS_URL`). */
  readonly commands: RedisCommands | undefined;
  private readonly logger = new Logger(RedisConnection.name);
  private reachable = true;
  private readonly startupWaitMs: number;
  private readonly commandTimeoutMs: number;

  constructor(config: RedisConfig) {
    const { url, keyPrefix, commandTimeoutMs, deprecatedNames } = config;
    this.startupWaitMs = Math.max(commandTimeoutMs, 1000);
    this.commandTimeoutMs = commandTimeoutMs;
    if (deprecatedNames.length > 0) {
      this.logger.warn(
        `${deprecatedNames.join(' and ')} ${deprecatedNames.length > 1 ? 'are' : 'is'} deprecated: use REDIS_KEY_PREFIX / REDIS_COMMAND_TIMEOUT_MS`,
      );
    }
    if (!url) {
      return;
    }
    this.client = new Redis(url, {
      keyPrefix,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 1,
      // No `commandTimeout`: the circuit times commands out itself, without taking an answer that a
      // busy process has not read yet for a hang (see redis-command-timeout.ts).
      connectTimeout: this.startupWaitMs,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    // Without an 'error' listener ioredis prints every failed reconnection; log transitions only,
    // and never the URL (it may carry a password).
    this.client.on('error', (error: NodeJS.ErrnoException) => this.markUnreachable(error));
    this.client.on('ready', () => this.markReachable());
    const client = this.client;
    const circuit = new RedisCircuit(
      () => client.ping(),
      new Logger(RedisCircuit.name),
      PROBE_INTERVAL_MS,
      commandTimeoutMs,
    );
    this.commands = new RedisCommands(client, circuit);
  }

  /**
   * Lets the first connection settle before the gateway serves: commands sent before it is ready
   * would fail (no offline queue) and start the replica in its failure mode. A Redis that refuses or
   * does not answer in time does not stop the start-up; the failure mode applies instead.
   */
  async onModuleInit(): Promise<void> {
    const client = this.client;
    if (!client || client.status === 'ready') {
      return;
    }
    await new Promise<void>((resolve) => {
      const settle = () => {
        clearTimeout(timer);
        client.off('ready', settle).off('error', settle);
        resolve();
      };
      const timer = setTimeout(settle, this.startupWaitMs);
      client.once('ready', settle).once('error', settle);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) {
      return;
    }
    this.commands?.circuit.stop();
    if (this.client.status === 'ready') {
      // Bounded like any command: a Redis that hangs would otherwise keep the process from exiting
      // until the shutdown grace period ran out (exit 1).
      await answeredWithin(this.client.quit(), this.commandTimeoutMs).catch(() =>
        this.client?.disconnect(),
      );
    } else {
      this.client.disconnect();
    }
  }

  private markUnreachable(error: NodeJS.ErrnoException): void {
    if (this.reachable) {
      this.reachable = false;
      this.logger.warn(`Redis unreachable (${error.code ?? error.name})`);
    }
  }

  private markReachable(): void {
    if (!this.reachable) {
      this.reachable = true;
      this.logger.log('Redis reachable again');
    }
  }
}
