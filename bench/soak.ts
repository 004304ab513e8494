import { median } from './histogram';
import type { LoadResult } from './load-generator';
import { Child } from './processes';
import { memoryMb } from './proc-stats';
import { ProbeSnapshot } from './measure';
import { benchClient, Environment, startGateway } from './variants';

export interface SoakSample {
  atSeconds: number;
  rssMb: number;
  heapUsedMb: number;
  eldP99Ms: number;
  latencyP99Ms: number;
  ratePerSecond: number;
  errors: number;
}

export interface SoakResult {
  gatewayMax: number;
  rate: number;
  minutes: number;
  warmupSeconds: number;
  samples: SoakSample[];
  rssGrowthPercent: number;
}

/** G at 50 % of its own closed-loop maximum for `minutes`, sampled every `sampleMs`. */
export async function runSoak(
  environment: Environment,
  generator: Child,
  minutes: number,
  sampleMs: number,
): Promise<SoakResult> {
  const gateway = await startGateway(environment, false, [benchClient('bench')]);
  try {
    const target = gateway.target('S');
    await generator.ask({ mode: 'closed', target, concurrency: 32, durationMs: 2000 }, 'result');
    const max = await generator.ask<LoadResult>(
      { mode: 'closed', target, concurrency: 32, durationMs: 5000 },
      'result',
    );
    const rate = Math.round(max.ratePerSecond / 2);
    const samples: SoakSample[] = [];
    const started = Date.now();
    gateway.child.process.send({ probe: 'reset' });
    while (Date.now() - started < minutes * 60_000) {
      const load = await generator.ask<LoadResult>(
        { mode: 'open', target, rate, durationMs: sampleMs, connections: 64 },
        'result',
      );
      const probe = await gateway.child.ask<ProbeSnapshot>({ probe: 'read' }, 'probe');
      const errors = Object.entries(load.statuses)
        .filter(([status]) => status !== '200')
        .reduce((sum, [, n]) => sum + n, 0);
      samples.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        rssMb: Math.round(memoryMb(gateway.child.pid).rss * 10) / 10,
        heapUsedMb: probe.memory.heapUsed,
        eldP99Ms: probe.eld.p99,
        latencyP99Ms: load.latencyMs.p99,
        ratePerSecond: load.ratePerSecond,
        errors,
      });
      const last = samples[samples.length - 1];
      process.stdout.write(
        `  soak ${last.atSeconds}s rss ${last.rssMb} MB heap ${last.heapUsedMb} MB eld p99 ${last.eldP99Ms} ms\n`,
      );
    }
    const warmupSeconds = Math.min(60, (minutes * 60) / 5);
    // Medians of the first and last quarter after warm-up: single samples swing with each GC cycle.
    const settled = samples.filter((sample) => sample.atSeconds >= warmupSeconds);
    const quarter = Math.max(1, Math.floor(settled.length / 4));
    const early = median(settled.slice(0, quarter).map((sample) => sample.rssMb));
    const late = median(settled.slice(-quarter).map((sample) => sample.rssMb));
    return {
      gatewayMax: max.ratePerSecond,
      rate,
      minutes,
      warmupSeconds,
      samples,
      rssGrowthPercent: Math.round(((late - early) / early) * 1000) / 10,
    };
  } finally {
    await gateway.stop();
  }
}
