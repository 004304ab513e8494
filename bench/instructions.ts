import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { operation } from './operation';
import { spread } from './results';
import { Environment, RunningVariant, startVariant, VariantName } from './variants';

export interface InstructionsResult {
  warmupPatches: number;
  measuredPatches: number;
  concurrency: number;
  /** Instructions per PATCH of the process under test, one value per repetition. */
  perPatch: Partial<Record<VariantName, number[]>>;
}

const WARMUP = 600;
const MEASURED = 300;
const CONCURRENCY = 16;

/**
 * CPU per PATCH counted in instructions by callgrind (valgrind), all threads of the process under
 * test included. CPU time on this shared VM moves by ±30 % between runs and with the host's CPU model;
 * an instruction count does not depend on what else the machine runs, so it is the figure to compare
 * across runs and sessions (it ignores cache misses and stalls, which CPU time includes).
 *
 * Each variant starts under callgrind with instrumentation off, takes WARMUP PATCHes (the JIT settles),
 * is counted for MEASURED PATCHes, and stops; the count is read from valgrind's log.
 */
export async function runInstructions(
  environment: Environment,
  variants: VariantName[],
  repetitions: number,
  log: (line: string) => void,
): Promise<InstructionsResult> {
  // vgdb names its pipes after $USER and $HOST of the process it controls; the gateway's environment
  // sets HOST=127.0.0.1, so the runner (which runs callgrind_control) and every child use the same.
  Object.assign(process.env, { HOST: '127.0.0.1', USER: 'bench', LOGNAME: 'bench' });
  const result: InstructionsResult = {
    warmupPatches: WARMUP,
    measuredPatches: MEASURED,
    concurrency: CONCURRENCY,
    perPatch: {},
  };
  let count = 0;
  for (let repetition = 1; repetition <= repetitions; repetition += 1) {
    for (const name of variants) {
      count += 1;
      const perPatch = await countOne(
        environment,
        name,
        `${environment.workDir}/callgrind-${count}`,
      );
      (result.perPatch[name] ??= []).push(perPatch);
      log(`instructions #${repetition} ${name}: ${(perPatch / 1e6).toFixed(2)} M per PATCH`);
    }
  }
  return result;
}

async function countOne(
  environment: Environment,
  name: VariantName,
  base: string,
): Promise<number> {
  const vgdbPrefix = `${base}-vgdb`;
  const valgrind = [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    '--smc-check=all-non-file', // V8 writes and rewrites machine code at run time
    `--vgdb-prefix=${vgdbPrefix}`,
    `--callgrind-out-file=${base}.out`,
    `--log-file=${base}.log`,
  ];
  const variant = await startVariant(name, environment, valgrind);
  const control = (...args: string[]) =>
    execFileSync(
      'callgrind_control',
      [`--vgdb-prefix=${vgdbPrefix}`, ...args, String(variant.child.pid)],
      {
        stdio: 'ignore',
      },
    );
  try {
    await sendPatches(variant, WARMUP);
    control('--instr=on');
    await sendPatches(variant, MEASURED);
    control('--instr=off');
  } finally {
    await variant.stop();
  }
  const collected = /Collected : (\d+)/.exec(readFileSync(`${base}.log`, 'utf8'));
  if (!collected) {
    throw new Error(`${name}: no instruction count in ${base}.log`);
  }
  return Math.round(Number(collected[1]) / MEASURED);
}

/** Closed loop from the runner itself: under callgrind the process under test is the bottleneck. */
async function sendPatches(variant: RunningVariant, total: number): Promise<void> {
  const target = variant.target('instructions');
  const pool = new Pool(target.url, {
    connections: CONCURRENCY,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const send = operation(target, pool);
  let sent = 0;
  const worker = async () => {
    while (sent < total) {
      sent += 1;
      const status = await send();
      if (status !== 200) {
        throw new Error(`${variant.name}: answered ${status}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await pool.close();
  }
}

/** Markdown: instructions per PATCH (median and range over repetitions) and the ratio to P. */
export function instructionsSection(result: InstructionsResult): string {
  const p = spread(result.perPatch.P ?? []).median;
  const millions = (value: number) => (value / 1e6).toFixed(2);
  const rows = Object.entries(result.perPatch).map(([name, values]) => {
    const { median, min, max } = spread(values);
    const ratio = p ? (median / p).toFixed(2) : '—';
    return `| ${name} | ${millions(median)} (${millions(min)}–${millions(max)}) | ${ratio} |`;
  });
  return [
    `Instructions per PATCH (callgrind; ${result.warmupPatches} PATCHes warm-up, ${result.measuredPatches} counted, ${result.concurrency} at a time)`,
    '',
    '| Variant | million instructions per PATCH (median, range) | × P |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
