/**
 * Preloaded into every process under test (`node -r probe.js …`): event-loop delay and memory, read
 * over the IPC channel. `{probe: 'reset'}` starts a new interval; `{probe: 'read'}` answers the
 * interval's event-loop delay percentiles (ms) and `process.memoryUsage()` (MB).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The histogram records whole timer intervals: the delay is what exceeds the resolution. */
const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const delay = (ns: number) => Math.max(0, Math.round(ns / 1000 - RESOLUTION_MS * 1000) / 1000);
const mb = (bytes: number) => Math.round(bytes / 1024 / 10.24) / 100;

function snapshot() {
  const memory = process.memoryUsage();
  return {
    eld: {
      p50: delay(histogram.percentile(50)),
      p99: delay(histogram.percentile(99)),
      max: delay(histogram.max),
      mean: delay(histogram.mean),
    },
    memory: {
      rss: mb(memory.rss),
      heapUsed: mb(memory.heapUsed),
      heapTotal: mb(memory.heapTotal),
      external: mb(memory.external),
    },
  };
}

if (process.send) {
  process.on('message', (message: { probe?: string }) => {
    if (message?.probe === 'read') {
      process.send?.({ probe: snapshot() });
    }
    if (message?.probe === 'read' || message?.probe === 'reset') {
      histogram.reset();
    }
  });
  process.channel?.unref();
}
