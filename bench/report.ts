import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERCENTILES } from './histogram';
import { BenchResults, paired, runsOf, spread, Spread } from './results';
import { latencySvg } from './svg';
import { VARIANTS } from './variants';
import { instructionsSection } from './instructions';

const ROOT = join(__dirname, '..');
const MARKERS = {
  run: ['<!-- bench:run:begin -->', '<!-- bench:run:end -->'],
  soak: ['<!-- bench:soak:begin -->', '<!-- bench:soak:end -->'],
};

const fmt = (s: Spread, digits = 2) =>
  !Number.isFinite(s.median)
    ? 'overloaded'
    : s.min === s.max
      ? s.median.toFixed(digits)
      : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const within = (s: Spread, limit: number) => Number.isFinite(s.median) && s.median <= limit;
const added = (s: Spread) =>
  Number.isFinite(s.median)
    ? `${fmt(s)} ms`
    : "not measurable: the rate is above the variant's own max";
const modesOf = (results: BenchResults) => [...new Set(results.runs.map((run) => run.latencyMode))];

function header(results: BenchResults): string[] {
  const v = results.versions;
  return [
    `- Date: ${results.date} (${results.mode} run)`,
    `- Command: \`${results.command}\``,
    `- Versions: Node ${v.node}, @nestjs/core ${v['@nestjs/core']}, fastify ${v.fastify}, undici ${v.undici}, axios ${v.axios}`,
    `- Machine: ${results.machine.nproc} cores, ${results.machine.cpuModel}; process under test on core 0, generator, stand-in and runner on core 1 (\`taskset\`)`,
    `- Plan: \`${JSON.stringify(results.plan)}\``,
    '',
  ];
}

function costTable(results: BenchResults, mode: number): string[] {
  const lines = [
    `| Variant | CPU µs / PATCH at max | max PATCH/s (closed loop) | ELD p99 at 50 % (ms) | ELD p99 at max (ms) | p50 / p99 at 50 % of own max (ms) | peak RSS (MB) | generator CPU at max | core 1 CPU at max |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const variant of VARIANTS) {
    const runs = runsOf(results, variant, mode);
    if (!runs.length) {
      continue;
    }
    const s = (f: (r: (typeof runs)[number]) => number) => spread(runs.map(f));
    lines.push(
      `| ${variant} | ${fmt(
        s((r) => r.closed.cpuMicrosPerRequest),
        0,
      )} | ${fmt(
        s((r) => r.closed.ratePerSecond),
        0,
      )} | ` +
        `${fmt(s((r) => r.open[1].eldP99Ms))} | ${fmt(s((r) => r.closed.eldP99Ms))} | ` +
        `${fmt(s((r) => r.ownHalf.latencyMs.p50))} / ${fmt(s((r) => r.ownHalf.latencyMs.p99))} | ${fmt(
          s((r) => r.peakRssMb),
          0,
        )} | ` +
        `${fmt(s((r) => r.closed.utilisation.generator))} | ${fmt(s((r) => r.closed.utilisation.otherCore))} |`,
    );
  }
  return [...lines, ''];
}

function latencyTable(results: BenchResults, mode: number): string[] {
  const rates = results.rates[mode] ?? [];
  const lines = [
    '| Variant | offered PATCH/s | achieved | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | CPU µs / PATCH | non-2xx |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const variant of VARIANTS) {
    const runs = runsOf(results, variant, mode);
    rates.forEach((rate, i) => {
      if (!runs.length) {
        return;
      }
      const s = (f: (r: (typeof runs)[number]) => number) => spread(runs.map(f));
      const errors = runs.reduce(
        (sum, r) =>
          sum +
          Object.entries(r.open[i].statuses).reduce((n, [k, c]) => (/^2/.test(k) ? n : n + c), 0),
        0,
      );
      lines.push(
        `| ${variant} | ${rate} (${[25, 50, 75][i]} %) | ${fmt(
          s((r) => r.open[i].ratePerSecond),
          0,
        )} | ` +
          PERCENTILES.map((p) => fmt(s((r) => r.open[i].latencyMs[p]))).join(' | ') +
          ` | ${fmt(
            s((r) => r.open[i].cpuMicrosPerRequest),
            0,
          )} | ${errors} |`,
      );
    });
  }
  return [...lines, ''];
}

function ratioTable(results: BenchResults, mode: number): string[] {
  const rates = results.rates[mode] ?? [];
  const lines = [
    `| Against P | throughput ratio | CPU per PATCH ratio | ${rates.map((_, i) => `added p50 / p99 / p99.9 at ${[25, 50, 75][i]} % (ms)`).join(' | ')} |`,
    `| --- | --- | --- | ${rates.map(() => '---').join(' | ')} |`,
  ];
  for (const variant of ['N', 'U', 'G', 'G-shared', 'direct']) {
    if (!runsOf(results, variant, mode).length) {
      continue;
    }
    const ratio = (f: (r: BenchResults['runs'][number]) => number) =>
      paired(results, variant, mode, (r, p) => f(r) / f(p));
    const added = (i: number) =>
      ['p50', 'p99', 'p999']
        .map((p) =>
          fmt(
            paired(
              results,
              variant,
              mode,
              (r, ref) => r.open[i].latencyMs[p as 'p50'] - ref.open[i].latencyMs[p as 'p50'],
            ),
          ),
        )
        .join(' / ');
    lines.push(
      `| ${variant}/P | ${fmt(ratio((r) => r.closed.ratePerSecond))} | ${fmt(ratio((r) => r.closed.cpuMicrosPerRequest))} | ` +
        `${rates.map((_, i) => added(i)).join(' | ')} |`,
    );
  }
  return [...lines, ''];
}

function targetRows(results: BenchResults): string[] {
  const rows = [
    '| Target | Measured (median of repetitions, range) | Verdict |',
    '| --- | --- | --- |',
  ];
  for (const mode of modesOf(results)) {
    const m = `${mode} ms stand-in`;
    const cpu = paired(
      results,
      'G',
      mode,
      (r, p) => r.closed.cpuMicrosPerRequest / p.closed.cpuMicrosPerRequest,
    );
    const tG = paired(
      results,
      'G',
      mode,
      (r, p) => r.closed.ratePerSecond / p.closed.ratePerSecond,
    );
    const tS = paired(
      results,
      'G-shared',
      mode,
      (r, p) => r.closed.ratePerSecond / p.closed.ratePerSecond,
    );
    const addG = paired(
      results,
      'G',
      mode,
      (r, p) => r.open[1].latencyMs.p99 - p.open[1].latencyMs.p99,
    );
    const addS = paired(
      results,
      'G-shared',
      mode,
      (r, p) => r.open[1].latencyMs.p99 - p.open[1].latencyMs.p99,
    );
    const gu = (f: (r: BenchResults['runs'][number]) => number) =>
      paired(results, 'G', mode, (r, u) => f(r) / f(u), 'U');
    if (runsOf(results, 'U', mode).length) {
      const tU = gu((r) => r.closed.ratePerSecond);
      rows.push(
        `| ${m}: throughput G/U ≥ 1.0 (target 1.5) | ${fmt(tU)} (CPU per PATCH G/U ${fmt(gu((r) => r.closed.cpuMicrosPerRequest))}) | ${verdict(tU.median >= 1)} |`,
      );
    }
    rows.push(
      `| ${m}: CPU per PATCH G ≤ 2 × P | G/P = ${fmt(cpu)} | ${verdict(within(cpu, 2))} |`,
      `| ${m}: throughput G/P ≥ 0.5 | ${fmt(tG)} | ${verdict(tG.median >= 0.5)} |`,
      `| ${m}: added p99 G − P ≤ 2 ms at 50 % of P's max | ${added(addG)} | ${verdict(within(addG, 2))} |`,
    );
    // A run of a subset (`--variants=`) says nothing about G-shared.
    if (runsOf(results, 'G-shared', mode).length) {
      rows.push(
        `| ${m}: throughput G-shared/P ≥ 0.4 | ${fmt(tS)} | ${verdict(tS.median >= 0.4)} |`,
        `| ${m}: added p99 G-shared − P ≤ 5 ms at 50 % | ${added(addS)} | ${verdict(within(addS, 5))} |`,
      );
    }
  }
  const flood = results.flood;
  if (flood) {
    const w = flood.wellBehaved;
    rows.push(
      `| Flood: ≥ 5,000 rejections/s on one core | ${flood.rejectionsPerSecond} 429/s (gateway core ${Math.round(flood.gatewayCoreUtilisation * 100)} % busy) | ${verdict(flood.rejectionsPerSecond >= 5000)} |`,
      `| Flood: well-behaved p99 ≤ 2 × unflooded | ${w.flooded.p99} ms vs ${w.alone.p99} ms (${(w.flooded.p99 / w.alone.p99).toFixed(1)} ×) | ${verdict(w.flooded.p99 <= 2 * w.alone.p99)} |`,
      `| Flood: none of the well-behaved client's requests rejected | ${w.rejected} of ${w.flooded.count} | ${verdict(w.rejected === 0)} |`,
      `| Flood: nothing beyond the flooder's quota reaches Squared | ${flood.upstreamCallsFromFlood} upstream calls (quota allows ${flood.upstreamCallsAllowed}: ${flood.floodQuota.limit} PATCHes × GET+PUT) | ${verdict(flood.upstreamCallsFromFlood <= flood.upstreamCallsAllowed)} |`,
      `| Flood: RSS < 200 MB | max ${flood.rssMb.max} MB | ${verdict(flood.rssMb.max < 200)} |`,
    );
  }
  return [...rows, ''];
}

function floodSection(results: BenchResults): string[] {
  const f = results.flood;
  if (!f) {
    return [];
  }
  const w = f.wellBehaved;
  return [
    '### Flood',
    '',
    `Client A (quota ${f.floodQuota.limit} per ${f.floodQuota.ttlMs / 1000} s) sends PATCHes closed loop on ${f.floodConnections} connections from a niced generator; client B sends 20 PATCH/s open loop for ${f.durationMs / 1000} s, alone first, then during the flood. G on its embedded defaults, org quota high.`,
    '',
    '| | value |',
    '| --- | --- |',
    `| A's answers | \`${JSON.stringify(f.floodStatuses)}\` |`,
    `| 429 per second (one core) | ${f.rejectionsPerSecond} |`,
    `| B alone p50 / p99 / max (ms) | ${w.alone.p50} / ${w.alone.p99} / ${w.alone.max} |`,
    `| B flooded p50 / p99 / max (ms) | ${w.flooded.p50} / ${w.flooded.p99} / ${w.flooded.max} |`,
    `| B's answers during the flood | \`${JSON.stringify(w.statuses)}\` |`,
    `| Upstream calls attributable to A | ${f.upstreamCallsFromFlood} |`,
    `| Gateway RSS during the flood (max / end, MB) | ${f.rssMb.max} / ${f.rssMb.end} |`,
    '',
  ];
}

export function runSection(results: BenchResults): string {
  const lines = [...header(results), '### Targets', '', ...targetRows(results)];
  for (const mode of modesOf(results)) {
    lines.push(
      `### Stand-in latency ${mode} ms`,
      '',
      `Offered rates: ${(results.rates[mode] ?? []).join(', ')} PATCH/s (25, 50, 75 % of P's maximum in repetition 1). Cells: median (min–max) over repetitions.`,
      '',
      ...costTable(results, mode),
      ...latencyTable(results, mode),
      ...ratioTable(results, mode),
    );
  }
  lines.push(
    ...floodSection(results),
    '![Latency by offered rate](bench/latency.svg)',
    '',
    'Variants that cannot sustain an offered rate (above their own closed-loop maximum) have no point there.',
    '',
  );
  return lines.join('\n');
}

export function soakSection(results: BenchResults): string {
  const s = results.soak;
  if (!s) {
    return '';
  }
  const every = Math.max(1, Math.floor(s.samples.length / 20));
  return [
    ...header(results),
    `G's closed-loop maximum ${s.gatewayMax} PATCH/s; soak at ${s.rate} PATCH/s for ${s.minutes} min. RSS growth after ${s.warmupSeconds} s of warm-up (median of the last quarter of samples against the first quarter): **${s.rssGrowthPercent} %** (target ≤ 10 %: ${verdict(s.rssGrowthPercent <= 10)}).`,
    '',
    '| t (s) | RSS (MB) | heap used (MB) | ELD p99 (ms) | latency p99 (ms) | PATCH/s | errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...s.samples
      .filter((_, i) => i % every === 0 || i === s.samples.length - 1)
      .map(
        (x) =>
          `| ${x.atSeconds} | ${x.rssMb} | ${x.heapUsedMb} | ${x.eldP99Ms} | ${x.latencyP99Ms} | ${x.ratePerSecond} | ${x.errors} |`,
      ),
    '',
  ].join('\n');
}

function replaceBetween(text: string, [begin, end]: string[], body: string): string {
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) {
    return `${text}\n${begin}\n${body}\n${end}\n`;
  }
  return `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
}

/** Prints the run's tables; with `write`, puts them in BENCHMARKS.md (between markers) and draws the chart. */
export function writeReport(results: BenchResults, write: boolean): string {
  if (results.profile) {
    return `${JSON.stringify(results.profile, null, 2)}\n`;
  }
  if (results.instructions) {
    return instructionsSection(results.instructions);
  }
  const body = results.soak ? soakSection(results) : `${runSection(results)}\n`;
  if (write) {
    const file = join(ROOT, 'BENCHMARKS.md');
    let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    text = replaceBetween(text, results.soak ? MARKERS.soak : MARKERS.run, body);
    writeFileSync(file, text);
    if (!results.soak) {
      writeFileSync(join(__dirname, 'latency.svg'), latencySvg(results, modesOf(results)));
    }
  }
  return body;
}
