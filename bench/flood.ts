import type { LatencySummary } from './histogram';
import type { LoadResult } from './load-generator';
import { Child, CORE_OTHERS, spawnPinned } from './processes';
import { built } from './compile';
import { CpuMeter, memoryMb } from './proc-stats';
import { benchClient, Environment, startGateway } from './variants';

export interface FloodResult {
  durationMs: number;
  floodConnections: number;
  floodQuota: { limit: number; ttlMs: number };
  rejectionsPerSecond: number;
  floodStatuses: Record<string, number>;
  gatewayCoreUtilisation: number;
  wellBehaved: {
    alone: LatencySummary;
    flooded: LatencySummary;
    rejected: number;
    statuses: Record<string, number>;
  };
  upstreamCallsFromFlood: number;
  /** A PATCH within the quota makes two upstream calls (GET and PUT). */
  upstreamCallsAllowed: number;
  rssMb: { max: number; end: number };
}

const QUOTA = { limit: 60, ttlMs: 60_000 };
const WELL_BEHAVED_RATE = 20;

/**
 * Client A floods PATCHes far over its own quota (60/min) from its own niced generator; client B sends
 * 20 PATCH/s open loop from another generator. Both generators and the stand-in share the other core.
 */
export async function runFlood(
  environment: Environment,
  standIn: { child: Child; url: string },
  durationMs: number,
  floodConnections: number,
): Promise<FloodResult> {
  const flooder = benchClient('flooder', QUOTA);
  const wellBehaved = benchClient('well-behaved', { limit: 1_000_000, ttlMs: 60_000 });
  const gateway = await startGateway(environment, false, [wellBehaved, flooder], {
    RATE_LIMIT_ORG_LIMIT: '1000000',
    RATE_LIMIT_ORG_TTL_MS: '60000',
  });
  const generatorA = spawnPinned({ core: CORE_OTHERS, script: built('load-generator'), nice: 19 });
  const generatorB = spawnPinned({ core: CORE_OTHERS, script: built('load-generator') });
  try {
    const target = gateway.target('B');
    const bOpen = (ms: number) => ({
      mode: 'open',
      target,
      rate: WELL_BEHAVED_RATE,
      durationMs: ms,
      connections: 8,
    });
    await generatorB.ask(bOpen(2000), 'result');
    const alone = await generatorB.ask<LoadResult>(bOpen(durationMs), 'result');
    await fetch(`${standIn.url}/__reset`, { method: 'POST' });
    const floodTarget = { ...target, key: flooder.key, prefix: 'A' };
    const cpu = new CpuMeter(gateway.child.pid);
    let maxRss = 0;
    const sampler = setInterval(
      () => (maxRss = Math.max(maxRss, memoryMb(gateway.child.pid).rss)),
      250,
    );
    const floodMs = durationMs + 2000;
    const flood = generatorA.ask<LoadResult>(
      { mode: 'closed', target: floodTarget, concurrency: floodConnections, durationMs: floodMs },
      'result',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const flooded = await generatorB.ask<LoadResult>(bOpen(durationMs), 'result');
    const floodResult = await flood;
    const utilisation = cpu.read().utilisation;
    clearInterval(sampler);
    const stats = (await fetch(`${standIn.url}/__stats`).then((r) => r.json())) as {
      counts: Record<string, number>;
    };
    return {
      durationMs,
      floodConnections,
      floodQuota: QUOTA,
      rejectionsPerSecond: Math.round((floodResult.statuses['429'] ?? 0) / (floodMs / 1000)),
      floodStatuses: floodResult.statuses,
      gatewayCoreUtilisation: Math.round(utilisation * 100) / 100,
      wellBehaved: {
        alone: alone.latencyMs,
        flooded: flooded.latencyMs,
        rejected: Object.entries(flooded.statuses)
          .filter(([status]) => status !== '200')
          .reduce((sum, [, n]) => sum + n, 0),
        statuses: flooded.statuses,
      },
      upstreamCallsFromFlood: stats.counts['id:A'] ?? 0,
      upstreamCallsAllowed: 2 * QUOTA.limit,
      rssMb: { max: Math.round(maxRss), end: Math.round(memoryMb(gateway.child.pid).rss) },
    };
  } finally {
    await Promise.all([generatorA.stop(), generatorB.stop(), gateway.stop()]);
  }
}
