/** A command that got no answer within the command timeout (ioredis' own wording). */
export class RedisCommandTimeoutError extends Error {
  override readonly name = 'RedisCommandTimeoutError';

  constructor() {
    super('Command timed out');
  }
}

/**
 * `answer`, or `RedisCommandTimeoutError` when it has not come `ms` after the command was written.
 *
 * Unlike ioredis' `commandTimeout`, an answer already delivered to the socket always wins: a timer
 * that comes due while the process is busy or starved of CPU (a loaded replica, a long GC pause) runs
 * before the event loop reads its sockets, so ioredis rejected answers that had arrived in time and
 * opened the circuit of a healthy replica. The verdict waits one `setImmediate`, which runs after
 * that read; a Redis that really hangs is still given up on at once.
 */
export function answeredWithin<T>(answer: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => setImmediate(() => reject(new RedisCommandTimeoutError())), ms);
    answer.finally(() => clearTimeout(timer)).then(resolve, reject);
  });
}
