import type { BenchResults } from './results';
import { runsOf, spread } from './results';

const COLOURS: Record<string, string> = {
  P: '#1f77b4',
  N: '#9467bd',
  G: '#d62728',
  'G-shared': '#ff7f0e',
  direct: '#2ca02c',
};
const WIDTH = 440;
const HEIGHT = 300;
const MARGIN = { left: 55, right: 15, top: 30, bottom: 45 };

/** Latency p50 (dashed) and p99 (solid) by offered rate, one panel per stand-in latency, log scale. */
export function latencySvg(results: BenchResults, latencyModes: number[]): string {
  const panels = latencyModes.map((mode, index) => panel(results, mode, index * WIDTH));
  const legend = Object.entries(COLOURS)
    .map(
      ([name, colour], i) =>
        `<rect x="${70 + i * 110}" y="${HEIGHT + 8}" width="12" height="12" fill="${colour}"/>` +
        `<text x="${86 + i * 110}" y="${HEIGHT + 19}">${name}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH * panels.length}" height="${HEIGHT + 30}" ` +
    `font-family="sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="white"/>${panels.join('')}${legend}` +
    `<text x="${WIDTH * panels.length - 10}" y="${HEIGHT + 19}" text-anchor="end">solid p99, dashed p50 (median of repetitions)</text></svg>\n`
  );
}

function panel(results: BenchResults, latencyMode: number, offsetX: number): string {
  const rates = results.rates[latencyMode] ?? [];
  const series = Object.keys(COLOURS).map((variant) => {
    const runs = runsOf(results, variant, latencyMode);
    const at = (key: 'p50' | 'p99') =>
      rates.map((rate, i) => ({
        rate,
        value: spread(runs.map((run) => run.open[i]?.latencyMs[key])).median,
      }));
    return { variant, p50: at('p50'), p99: at('p99') };
  });
  const values = series
    .flatMap((s) => [...s.p50, ...s.p99].map((point) => point.value))
    .filter((v) => v > 0);
  const low = Math.floor(Math.log10(Math.min(...values, 1)));
  const high = Math.ceil(Math.log10(Math.max(...values, 10)));
  const maxRate = Math.max(...rates, 1) * 1.1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (rate: number) => offsetX + MARGIN.left + (rate / maxRate) * plotW;
  const y = (ms: number) =>
    MARGIN.top + plotH - ((Math.log10(Math.max(ms, 10 ** low)) - low) / (high - low)) * plotH;
  const grid: string[] = [];
  for (let exponent = low; exponent <= high; exponent += 1) {
    const yy = y(10 ** exponent).toFixed(1);
    grid.push(
      `<line x1="${x(0)}" x2="${x(maxRate)}" y1="${yy}" y2="${yy}" stroke="#ddd"/>` +
        `<text x="${x(0) - 5}" y="${yy}" text-anchor="end" dy="4">${10 ** exponent} ms</text>`,
    );
  }
  for (const rate of rates) {
    grid.push(
      `<text x="${x(rate)}" y="${MARGIN.top + plotH + 15}" text-anchor="middle">${rate}</text>`,
    );
  }
  const line = (points: { rate: number; value: number }[], colour: string, dashed: boolean) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="5,4"' : ''} points="${points
      .filter((point) => point.value > 0)
      .map((point) => `${x(point.rate).toFixed(1)},${y(point.value).toFixed(1)}`)
      .join(' ')}"/>`;
  const lines = series.flatMap((s) => [
    line(s.p99, COLOURS[s.variant], false),
    line(s.p50, COLOURS[s.variant], true),
  ]);
  return (
    `<text x="${offsetX + WIDTH / 2}" y="18" text-anchor="middle" font-size="13">` +
    `Latency by offered rate, stand-in ${latencyMode} ms</text>` +
    `<text x="${offsetX + MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 32}" text-anchor="middle">offered PATCH/s (25, 50, 75 % of P's max)</text>` +
    `<rect x="${x(0)}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>` +
    grid.join('') +
    lines.join('')
  );
}
