/**
 * The load generator, its own process (pinned by the caller). Commands arrive over IPC; each answers
 * one `LoadResult`. Closed loop: `concurrency` workers, each sending its next request when the last one
 * answered, for `durationMs`. Open loop: requests scheduled at `rate` per second, latency measured from
 * each request's intended send time (no coordinated omission), all answered requests counted.
 * Keep-alive undici pools, no pipelining.
 */
import { Pool } from 'undici';
import { LatencySummary, round3, summarise } from './histogram';
import { operation, Target } from './operation';

export type LoadCommand =
  | { mode: 'closed'; target: Target; concurrency: number; durationMs: number }
  | { mode: 'open'; target: Target; rate: number; durationMs: number; connections: number };

export interface LoadResult {
  completed: number;
  ratePerSecond: number;
  statuses: Record<string, number>;
  latencyMs: LatencySummary;
  /** Share of one core this generator used during the command. */
  cpuUtilisation: number;
}

const ANSWER_GRACE_MS = 30_000;
class Recorder {
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  private readonly cpuStart = process.cpuUsage();
  private readonly wallStart = performance.now();

  record(status: number | string, latencyMs: number): void {
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    this.latencies.push(latencyMs);
  }

  result(durationMs: number): LoadResult {
    const cpu = process.cpuUsage(this.cpuStart);
    const wallMicros = (performance.now() - this.wallStart) * 1000;
    return {
      completed: this.latencies.length,
      ratePerSecond: round3(this.latencies.length / (durationMs / 1000)),
      statuses: this.statuses,
      latencyMs: summarise(this.latencies),
      cpuUtilisation: round3((cpu.user + cpu.system) / wallMicros),
    };
  }
}

async function closedLoop(command: Extract<LoadCommand, { mode: 'closed' }>): Promise<LoadResult> {
  const pool = new Pool(command.target.url, { connections: command.concurrency, pipelining: 1 });
  const send = operation(command.target, pool);
  const recorder = new Recorder();
  const deadline = performance.now() + command.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const status = await send().catch((error: Error) => error.name);
      recorder.record(status, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  await pool.close();
  return recorder.result(command.durationMs);
}

async function openLoop(command: Extract<LoadCommand, { mode: 'open' }>): Promise<LoadResult> {
  const pool = new Pool(command.target.url, { connections: command.connections, pipelining: 1 });
  const send = operation(command.target, pool);
  const recorder = new Recorder();
  const total = Math.round((command.rate * command.durationMs) / 1000);
  const interval = 1000 / command.rate;
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  while (issued < total) {
    const now = performance.now();
    while (issued < total && start + issued * interval <= now) {
      const intended = start + issued * interval;
      const request = send()
        .catch((error: Error) => error.name)
        .then((status) => recorder.record(status, performance.now() - intended));
      inFlight.add(request);
      void request.then(() => inFlight.delete(request));
      issued += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const grace = new Promise((resolve) => setTimeout(resolve, ANSWER_GRACE_MS).unref());
  await Promise.race([Promise.all(inFlight), grace]);
  const result = recorder.result(command.durationMs);
  result.statuses.unanswered = inFlight.size;
  void pool.destroy();
  return result;
}

process.on('message', (command: LoadCommand) => {
  const run = command.mode === 'closed' ? closedLoop(command) : openLoop(command);
  run.then(
    (result) => process.send?.({ result }),
    (error: Error) => process.send?.({ error: error.stack }),
  );
});
