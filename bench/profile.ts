import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load-generator';
import { Child } from './processes';
import { benchClient, Environment, startGateway } from './variants';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileSummary {
  /** The raw profile, kept beside the results (open it in Chrome DevTools or speedscope). */
  file: string;
  ratePerSecond: number;
  totalSamples: number;
  topFrames: { frame: string; selfPercent: number }[];
  byOrigin: { origin: string; selfPercent: number }[];
}

/** Where a frame's code lives: a package, the gateway's own code, or Node itself. */
function origin(url: string, functionName: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    return pkg[1];
  }
  if (url.includes('/.gateway/')) {
    return 'gateway (dist/)';
  }
  if (url.startsWith('node:')) {
    return 'node internals';
  }
  return functionName.startsWith('(') ? functionName : url ? 'other' : 'native / GC';
}

function summarise(file: string, ratePerSecond: number): Omit<ProfileSummary, 'file'> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const frames = new Map<string, number>();
  const origins = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const hits = node.hitCount ?? 0;
    const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/\.gateway\//, 'dist/');
    const frame =
      `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    frames.set(frame, (frames.get(frame) ?? 0) + hits);
    const key = origin(url, functionName);
    origins.set(key, (origins.get(key) ?? 0) + hits);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, hits]) => ({ name, selfPercent: Math.round((hits / total) * 1000) / 10 }));
  return {
    ratePerSecond,
    totalSamples: total,
    topFrames: top(frames, 25).map(({ name, selfPercent }) => ({ frame: name, selfPercent })),
    byOrigin: top(origins, 15).map(({ name, selfPercent }) => ({ origin: name, selfPercent })),
  };
}

export type ProfileTarget = 'G' | 'G-shared' | 'rejections';

/**
 * The gateway under closed-loop load with `--cpu-prof`; the profile is written when it exits.
 * `rejections` profiles the 429 path: one client whose quota (1 per hour) is spent at once.
 */
export async function runProfile(
  environment: Environment,
  generator: Child,
  phaseMs: number,
  target: ProfileTarget,
  keepAs: string,
): Promise<ProfileSummary> {
  const dir = join(environment.workDir, 'profile');
  const client =
    target === 'rejections'
      ? benchClient('bench', { limit: 1, ttlMs: 3_600_000 })
      : benchClient('bench');
  const limits = target === 'rejections' ? { RATE_LIMIT_ORG_LIMIT: '1000000000' } : undefined;
  const gateway = await startGateway(environment, target === 'G-shared', [client], limits, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
  ]);
  let load: LoadResult;
  try {
    const target = gateway.target('prof');
    await generator.ask({ mode: 'closed', target, concurrency: 32, durationMs: 1000 }, 'result');
    load = await generator.ask<LoadResult>(
      { mode: 'closed', target, concurrency: 32, durationMs: phaseMs },
      'result',
    );
  } finally {
    await gateway.stop();
  }
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) {
    throw new Error('no .cpuprofile written');
  }
  copyFileSync(join(dir, file), keepAs);
  return { file: keepAs, ...summarise(keepAs, load.ratePerSecond) };
}
