import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FloodResult } from './flood';
import type { InstructionsResult } from './instructions';
import { median } from './histogram';
import type { VariantRun } from './measure';
import type { ProfileSummary } from './profile';
import type { SoakResult } from './soak';

export interface BenchResults {
  mode: string;
  command: string;
  date: string;
  versions: Record<string, string>;
  machine: { nproc: number; cpuModel: string };
  plan: object;
  /** Offered open-loop rates per latency mode: 25/50/75 % of P's first closed-loop maximum. */
  rates: Record<number, number[]>;
  runs: VariantRun[];
  flood?: FloodResult;
  soak?: SoakResult;
  profile?: ProfileSummary;
  instructions?: InstructionsResult;
}

export function versions(): Record<string, string> {
  const root = join(__dirname, '..');
  const version = (name: string) =>
    (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return {
    node: process.version,
    '@nestjs/core': version('@nestjs/core'),
    fastify: version('fastify'),
    undici: version('undici'),
    axios: version('axios'),
  };
}

/** Median and range over repetitions. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return {
    median: Math.round(median(finite) * 1000) / 1000,
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

export function runsOf(results: BenchResults, variant: string, latencyMode: number): VariantRun[] {
  return results.runs.filter((run) => run.variant === variant && run.latencyMode === latencyMode);
}

/** `f(variant run, reference run)` (P unless named) for each repetition with both, as a spread. */
export function paired(
  results: BenchResults,
  variant: string,
  latencyMode: number,
  f: (run: VariantRun, reference: VariantRun) => number,
  referenceVariant = 'P',
): Spread {
  const references = runsOf(results, referenceVariant, latencyMode);
  const values = runsOf(results, variant, latencyMode).flatMap((run) => {
    const reference = references.find((p) => p.repetition === run.repetition);
    return reference ? [f(run, reference)] : [];
  });
  return spread(values);
}
