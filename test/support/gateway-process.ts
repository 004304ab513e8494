import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A free TCP port on loopback (the OS picks it; the small race before reuse is acceptable in tests). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** The process's working directory (where it reads `.env`); default the repository root. */
  cwd?: string;
}

/**
 * Runs the gateway as its own OS process (`src/main.ts` under ts-node), for tests that need to kill it
 * or run several replicas. Resolves once `/health/live` answers. Unless `env` names another store,
 * its SQLite audit file lives in a temporary folder of its own, removed when the process exits.
 */
export async function startGatewayProcess(
  env: Record<string, string>,
  options: GatewayProcessOptions = {},
): Promise<GatewayProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gateway-process-'));
  // Absolute paths and the project's tsconfig, so that any working directory runs the same code.
  const args = [
    '-r',
    require.resolve('ts-node/register/transpile-only'),
    join(ROOT, 'src/main.ts'),
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: {
      ...machineEnv(),
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      AUDIT_DATABASE_URL: `sqlite:${join(dir, 'audit.db')}`,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilLive(url, child, () => output);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Several gateway processes started together. If one fails to start, the others are stopped before
 * the failure is thrown: a caller's `afterAll` never learns of processes it was not handed, and one
 * left running keeps Jest from exiting.
 */
export async function startGatewayProcesses(
  envs: Record<string, string>[],
): Promise<GatewayProcess[]> {
  const started = await Promise.allSettled(envs.map((env) => startGatewayProcess(env)));
  const failure = started.find((result) => result.status === 'rejected');
  const running = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  if (failure) {
    await Promise.all(running.map((gateway) => gateway.kill()));
    throw failure.reason;
  }
  return running;
}

/**
 * Only what any process needs from the machine: the test runner's own settings (`REDIS_URL`,
 * `DATABASE_URL`, a developer's `SQUARED_*`) reach a gateway only when a test passes them. Inherited,
 * `REDIS_URL` made every process share rate-limit counters under the default prefix with whatever else
 * used that Redis, and a PATCH could be refused 429 by another test's traffic.
 */
export function machineEnv(): Record<string, string> {
  const kept = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];
  return Object.fromEntries(
    kept.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  );
}

async function waitUntilLive(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`gateway process exited early (${child.exitCode}):\n${output()}`);
    }
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`gateway process did not become live in 30 s:\n${output()}`);
}
