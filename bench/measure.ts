import type { LatencySummary } from './histogram';
import type { LoadCommand, LoadResult } from './load-generator';
import type { Target } from './operation';
import { Child } from './processes';
import { CpuMeter, memoryMb } from './proc-stats';
import { RunningVariant } from './variants';

export interface ProbeSnapshot {
  eld: { p50: number; p99: number; max: number; mean: number };
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number };
}

/** One load phase against the process under test, with what it cost that process. */
export interface PhaseResult {
  offeredRate?: number;
  /** Offered rate above this variant's own closed-loop maximum: not run (it would only queue). */
  skipped?: boolean;
  ratePerSecond: number;
  statuses: Record<string, number>;
  latencyMs: LatencySummary;
  cpuMicrosPerRequest: number;
  /** Share of a core: the process under test, the generator, and the generator + stand-in core. */
  utilisation: { underTest: number; generator: number; otherCore: number };
  eldP99Ms: number;
  eldMaxMs: number;
}

export interface VariantRun {
  variant: string;
  latencyMode: number;
  repetition: number;
  closed: PhaseResult;
  open: PhaseResult[];
  /** Open loop at 50 % of this variant's own maximum. */
  ownHalf: PhaseResult;
  peakRssMb: number;
}

export interface Phases {
  warmupMs: number;
  phaseMs: number;
  concurrency: number;
  openConnections: number;
}

/** Runs one load command while metering the process under test (and the other core's processes). */
export async function phase(
  generator: Child,
  underTest: Child,
  standIn: Child | undefined,
  command: LoadCommand,
): Promise<PhaseResult> {
  underTest.process.send({ probe: 'reset' });
  const cpu = new CpuMeter(underTest.pid);
  const standInCpu = standIn ? new CpuMeter(standIn.pid) : undefined;
  const load = await generator.ask<LoadResult>(command, 'result');
  const used = cpu.read();
  const probe = await underTest.ask<ProbeSnapshot>({ probe: 'read' }, 'probe');
  const standInShare = standInCpu?.read().utilisation ?? 0;
  return {
    ...(command.mode === 'open' ? { offeredRate: command.rate } : {}),
    ratePerSecond: load.ratePerSecond,
    statuses: load.statuses,
    latencyMs: load.latencyMs,
    cpuMicrosPerRequest: Math.round(used.micros / Math.max(1, load.completed)),
    utilisation: {
      underTest: round2(used.utilisation),
      generator: round2(load.cpuUtilisation),
      otherCore: round2(load.cpuUtilisation + standInShare),
    },
    eldP99Ms: probe.eld.p99,
    eldMaxMs: probe.eld.max,
  };
}

export async function measureVariant(
  variant: RunningVariant,
  generator: Child,
  standIn: Child | undefined,
  phases: Phases,
  rates: number[] | undefined,
): Promise<Omit<VariantRun, 'variant' | 'latencyMode' | 'repetition'>> {
  const target: Target = variant.target(variant.name.replace(/[^A-Za-z]/g, ''));
  const closed = (durationMs: number): LoadCommand => ({
    mode: 'closed',
    target,
    concurrency: phases.concurrency,
    durationMs,
  });
  await generator.ask(closed(phases.warmupMs), 'result');
  const closedResult = await phase(generator, variant.child, standIn, closed(phases.phaseMs));
  const openAt = (rate: number) =>
    phase(generator, variant.child, standIn, {
      mode: 'open',
      target,
      rate,
      durationMs: phases.phaseMs,
      connections: phases.openConnections,
    });
  const open: PhaseResult[] = [];
  for (const rate of rates ?? openRates(closedResult.ratePerSecond)) {
    open.push(rate > closedResult.ratePerSecond * 0.95 ? overloaded(rate) : await openAt(rate));
  }
  const ownHalf = await openAt(Math.round(closedResult.ratePerSecond / 2));
  const peakRssMb = round2(memoryMb(variant.child.pid).peak);
  return { closed: closedResult, open, ownHalf, peakRssMb };
}

function overloaded(rate: number): PhaseResult {
  const none = { count: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN };
  const utilisation = { underTest: NaN, generator: NaN, otherCore: NaN };
  return {
    offeredRate: rate,
    skipped: true,
    ...{ ratePerSecond: NaN, statuses: {}, latencyMs: none, cpuMicrosPerRequest: NaN },
    ...{ utilisation, eldP99Ms: NaN, eldMaxMs: NaN },
  };
}

/** 25, 50 and 75 % of a maximum rate. */
export function openRates(max: number): number[] {
  return [0.25, 0.5, 0.75].map((share) => Math.round(max * share));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
