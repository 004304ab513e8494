import { ReplyError } from 'ioredis';
import { answeredWithin } from './redis-command-timeout';

/** A command refused (or given up on) because this replica's Redis is failing. */
export class RedisCircuitOpenError extends Error {
  override readonly name = 'RedisCircuitOpenError';

  /** `sent`: the command was already written, so Redis may still run it when it answers again. */
  constructor(readonly sent: boolean) {
    super('Redis is failing (circuit open); the command was not waited for');
  }
}

/** Whether a command that failed with `error` may still be executed by Redis later. */
export function mayRunLate(error: unknown): boolean {
  return !(error instanceof RedisCircuitOpenError && !error.sent);
}

type Logs = { warn(message: string): void; log(message: string): void };

/** While open, Redis is pinged this often (each ping bounded by the command timeout). */
export const PROBE_INTERVAL_MS = 100;

/**
 * "Is Redis answering?", once per connection, shared by every command that a request waits on (the
 * lock, idempotency keys, the Squared session, the upstream hold, the rate limiter's counting).
 *
 * Closed: commands are sent, each given `commandTimeoutMs` to be answered (`answeredWithin`: an
 * answer already in the socket of a replica that was too busy to read it counts as in time). The
 * first one sent since the circuit last closed that fails without an answer (timeout, refused, dropped)
 * opens the circuit and gives up at once on every command still waiting, so that requests behind it
 * (e.g. queued in process for one sync) do not each wait out a command timeout. Open: commands are
 * refused at once; a background `PING` every 100 ms closes it again as soon as Redis answers, and so
 * does any other answer. A Redis error reply (`ReplyError`) is an answer: it does not open it.
 *
 * Written here rather than taken from `opossum`: opossum wraps one action per breaker with its own
 * timeout and volume statistics, while this needs one state for many different commands, to give up
 * on commands in flight, and to be closed by an answer to a command it does not guard (cleanups,
 * see `send`): an adapter bending opossum to that would not be shorter than this file.
 */
export class RedisCircuit {
  private opened = false;
  /** Counts the closings: a command's failure speaks only of the closed period it was sent in. */
  private closings = 0;
  private readonly waiting = new Set<(error: Error) => void>();
  private probeTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly logger: Logs,
    private readonly probeIntervalMs = PROBE_INTERVAL_MS,
    /** Unset: commands time out by themselves (or never). */
    private readonly commandTimeoutMs?: number,
  ) {}

  get isOpen(): boolean {
    return this.opened;
  }

  /**
   * Sends `command` unless the circuit is open; rejects with `RedisCircuitOpenError` at once while it
   * is, and as soon as it opens while `command` waits.
   */
  run<T>(command: () => Promise<T>): Promise<T> {
    if (this.opened) {
      return Promise.reject(new RedisCircuitOpenError(false));
    }
    return new Promise<T>((resolve, reject) => {
      const giveUp = (error: Error) => reject(error);
      this.waiting.add(giveUp);
      // Out of `waiting` before its outcome is counted: its own failure is reported as itself.
      const answer = this.timed(command).finally(() => this.waiting.delete(giveUp));
      this.settle(answer, this.closings).then(resolve, reject);
    });
  }

  /**
   * Sends `command` whatever the state: for cleanups that must reach Redis in order, after the
   * commands written before them, even while it hangs. Its outcome still opens or closes the circuit.
   */
  send<T>(command: () => Promise<T>): Promise<T> {
    return this.settle(this.timed(command), this.closings);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
  }

  private timed<T>(command: () => Promise<T>): Promise<T> {
    return this.commandTimeoutMs === undefined
      ? command()
      : answeredWithin(command(), this.commandTimeoutMs);
  }

  /**
   * Any answer closes the circuit. A failure opens it only when the circuit has not closed since its
   * command was sent (`sentIn`: the closings counted then). A command lost with a dropped connection
   * is never answered (ioredis neither resends it nor rejects it on reconnecting): its timeout, 500 ms
   * later, came after the new connection had closed the circuit, and opened it on a healthy Redis; so
   * did the timeouts of cleanups sent during a hang.
   */
  private settle<T>(answer: Promise<T>, sentIn: number): Promise<T> {
    return answer.then(
      (value) => {
        this.answered();
        return value;
      },
      (error: unknown) => {
        if (error instanceof ReplyError) {
          this.answered();
        } else if (sentIn === this.closings) {
          this.failed(error);
        }
        throw error;
      },
    );
  }

  private failed(error: unknown): void {
    if (this.opened) {
      return;
    }
    this.opened = true;
    this.logger.warn(`Redis failing (${reasonOf(error)}): circuit open, commands refused at once`);
    const waiting = [...this.waiting];
    this.waiting.clear();
    waiting.forEach((giveUp) => giveUp(new RedisCircuitOpenError(true)));
    this.scheduleProbe();
  }

  private answered(): void {
    if (this.opened) {
      this.opened = false;
      this.closings += 1;
      clearTimeout(this.probeTimer);
      this.probeTimer = undefined;
      this.logger.log('Redis answering again: circuit closed');
    }
  }

  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    if (this.stopped || !this.opened) {
      return;
    }
    this.probeTimer = setTimeout(() => {
      this.send(this.ping).catch(() => this.scheduleProbe());
    }, this.probeIntervalMs);
    this.probeTimer.unref();
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code ?? message ?? 'unknown error';
}
