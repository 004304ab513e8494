/**
 * `npm run bench` (full, ~12 min), `npm run bench -- --short` (~2 min), `npm run bench -- --soak`
 * (10 min; `--soak-minutes=N` to change). `--no-build` uses dist/ as it is. See BENCHMARKS.md.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { built, compileChildren, snapshotGateway } from './compile';
import { runFlood } from './flood';
import { measureVariant, openRates, VariantRun } from './measure';
import { CORE_OTHERS, pinSelf, spawnPinned } from './processes';
import { machine } from './proc-stats';
import { writeReport } from './report';
import { BenchResults, versions } from './results';
import { ProfileTarget, runProfile } from './profile';
import { runInstructions } from './instructions';
import { runSoak } from './soak';
import { Environment, startStandIn, startVariant, VARIANTS } from './variants';

const ROOT = join(__dirname, '..');
const args = process.argv.slice(2);
const MODES = ['profile', 'soak', 'flood', 'instructions', 'short'] as const;
const mode = MODES.find((name) => args.some((arg) => arg.startsWith(`--${name}`))) ?? 'full';
const PLAN = {
  full: { repetitions: 3, warmupMs: 1500, phaseMs: 5000, floodMs: 15_000 },
  short: { repetitions: 1, warmupMs: 1000, phaseMs: 2500, floodMs: 6000 },
  soak: { repetitions: 0, warmupMs: 0, phaseMs: 0, floodMs: 0 },
  profile: { repetitions: 0, warmupMs: 1000, phaseMs: 8000, floodMs: 0 },
  flood: { repetitions: 0, warmupMs: 0, phaseMs: 0, floodMs: 15_000 },
  instructions: { repetitions: 2, warmupMs: 0, phaseMs: 0, floodMs: 0 },
}[mode];
const LATENCY_MODES = [0, 5];
/** `--variants=P,N`: a subset, for quick comparisons (P always runs: the offered rates come from it). */
const SELECTED = VARIANTS.filter(
  (name) =>
    name === 'P' ||
    !/--variants=/.test(args.join(' ')) ||
    (/--variants=(\S+)/.exec(args.join(' '))?.[1] ?? '').split(',').includes(name),
);
/** Closed-loop workers per latency mode (see BENCHMARKS.md for the sweep behind these). */
const CONCURRENCY: Record<number, number> = { 0: 64, 5: 64 };
const OPEN_CONNECTIONS = 128;
const FLOOD_CONNECTIONS = Number(/--flood-connections=(\d+)/.exec(args.join(' '))?.[1] ?? 64);

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** dist/ is what production runs: rebuilt when missing or older than any file under src/. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory()
          ? newest(join(dir, entry.name))
          : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  const main = join(ROOT, 'dist', 'main.js');
  let builtAt = 0;
  try {
    builtAt = statSync(main).mtimeMs;
  } catch {
    // not built yet
  }
  if (builtAt === 0 || (!args.includes('--no-build') && builtAt < newest(join(ROOT, 'src')))) {
    log('building the gateway (npx nest build)');
    execSync('npx nest build', { cwd: ROOT, stdio: 'inherit' });
  }
}

/** Sync 42 as the simulator serves it, copied once: the stand-in answers it for every id. */
async function simulatorDocument(): Promise<string> {
  const simulator = await SquaredSimulator.start();
  try {
    simulator.addStaticToken('bench-token');
    const answer = await fetch(`${simulator.url}/api/v1/syncs/42`, {
      headers: {
        authorization: 'Bearer bench-token',
        'workspace-id': String(simulator.workspaceId),
      },
    });
    if (!answer.ok) {
      throw new Error(`simulator GET answered ${answer.status}`);
    }
    return await answer.text();
  } finally {
    await simulator.close();
  }
}

async function dropSchema(environment: Environment): Promise<void> {
  const client = new Client({ connectionString: environment.postgresUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS bench_${environment.runId} CASCADE`);
  await client.end();
}

function resultsDir(): string {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const stamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

async function main(): Promise<void> {
  pinSelf();
  ensureBuilt();
  await snapshotGateway(join(ROOT, 'dist'));
  compileChildren();
  const started = new Date();
  const environment: Environment = {
    workDir: mkdtempSync(join(tmpdir(), 'gateway-bench-')),
    standInUrl: '',
    document: await simulatorDocument(),
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    runId: randomBytes(4).toString('hex'),
  };
  const standIn = await startStandIn(environment.document, CORE_OTHERS);
  environment.standInUrl = standIn.url;
  const generator = spawnPinned({ core: CORE_OTHERS, script: built('load-generator') });
  const results: BenchResults = {
    mode,
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    date: started.toISOString(),
    versions: versions(),
    machine: machine(),
    plan: { ...PLAN, concurrency: CONCURRENCY, openConnections: OPEN_CONNECTIONS },
    runs: [],
    rates: {},
  };
  try {
    if (mode === 'profile') {
      const target = (/--profile=(\S+)/.exec(args.join(' '))?.[1] ?? 'G') as ProfileTarget;
      log(`profile: ${target} with --cpu-prof under closed-loop load, stand-in 0 ms`);
      const keepAs = join(resultsDir(), `${stamp(started)}-${target}.cpuprofile`);
      results.profile = await runProfile(environment, generator, PLAN.phaseMs, target, keepAs);
    } else if (mode === 'instructions') {
      // G-shared and direct are left out unless named: their work is mostly in other processes.
      const named = /--variants=/.test(args.join(' '));
      const variants = SELECTED.filter((name) => named || ['P', 'N', 'G'].includes(name));
      log(`instructions: ${variants.join(', ')} under callgrind, stand-in 0 ms`);
      results.instructions = await runInstructions(environment, variants, PLAN.repetitions, log);
    } else if (mode === 'soak') {
      const minutes = Number(/--soak-minutes=(\S+)/.exec(args.join(' '))?.[1] ?? 10);
      log(`soak: ${minutes} min at 50 % of G's maximum`);
      results.soak = await runSoak(environment, generator, minutes, 10_000);
    } else {
      for (const latencyMs of mode === 'flood' ? [] : LATENCY_MODES) {
        await fetch(`${standIn.url}/__reset?latencyMs=${latencyMs}`, { method: 'POST' });
        for (let repetition = 1; repetition <= PLAN.repetitions; repetition += 1) {
          for (const name of SELECTED) {
            const variant = await startVariant(name, environment);
            try {
              if (name === 'direct') {
                await fetch(`${variant.target('x').url}/__reset?latencyMs=${latencyMs}`, {
                  method: 'POST',
                });
              }
              const phases = {
                ...PLAN,
                concurrency: CONCURRENCY[latencyMs],
                openConnections: OPEN_CONNECTIONS,
              };
              const measured = await measureVariant(
                variant,
                generator,
                name === 'direct' ? undefined : standIn.child,
                phases,
                results.rates[latencyMs],
              );
              if (name === 'P' && !results.rates[latencyMs]) {
                results.rates[latencyMs] = openRates(measured.closed.ratePerSecond);
              }
              const run: VariantRun = {
                variant: name,
                latencyMode: latencyMs,
                repetition,
                ...measured,
              };
              results.runs.push(run);
              log(
                `${latencyMs} ms #${repetition} ${name}: max ${run.closed.ratePerSecond}/s, ` +
                  `${run.closed.cpuMicrosPerRequest} µs/req, p99 at 50 % ${run.open[1].latencyMs.p99} ms, ` +
                  `generator ${run.closed.utilisation.generator}, peak RSS ${run.peakRssMb} MB`,
              );
            } finally {
              await variant.stop();
            }
          }
        }
      }
      await fetch(`${standIn.url}/__reset?latencyMs=0`, { method: 'POST' });
      log('flood');
      results.flood = await runFlood(environment, standIn, PLAN.floodMs, FLOOD_CONNECTIONS);
      log(
        `flood: ${results.flood.rejectionsPerSecond} 429/s, B p99 ${results.flood.wellBehaved.alone.p99} → ${results.flood.wellBehaved.flooded.p99} ms`,
      );
    }
  } finally {
    await Promise.all([generator.stop(), standIn.child.stop()]);
    await dropSchema(environment).catch((error: Error) =>
      log(`schema not dropped: ${error.message}`),
    );
    rmSync(environment.workDir, { recursive: true, force: true });
    const sqliteDir = process.env.BENCH_SQLITE_DIR;
    for (const name of sqliteDir ? readdirSync(sqliteDir) : []) {
      if (name.startsWith(`audit-${environment.runId}-`)) {
        rmSync(join(sqliteDir ?? '', name));
      }
    }
  }
  const file = join(resultsDir(), `${stamp(started)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${file}`);
  process.stdout.write(writeReport(results, mode === 'full' || mode === 'soak'));
}

/** `--report=<results.json>`: regenerate BENCHMARKS.md and the chart from a saved run. */
function reportOnly(file: string): Promise<void> {
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  // JSON has no NaN: phases not run (overloaded) come back with nulls.
  const toNaN = (value: unknown) => (value === null ? NaN : value);
  for (const run of results.runs) {
    for (const phase of run.open) {
      Object.assign(phase, { ratePerSecond: toNaN(phase.ratePerSecond) });
      for (const key of Object.keys(phase.latencyMs) as (keyof typeof phase.latencyMs)[]) {
        phase.latencyMs[key] = toNaN(phase.latencyMs[key]) as number;
      }
    }
  }
  process.stdout.write(writeReport(results, true));
  return Promise.resolve();
}

const saved = /^--report=(.+)$/.exec(args.find((arg) => arg.startsWith('--report=')) ?? '');
(saved ? reportOnly(saved[1]) : main()).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
