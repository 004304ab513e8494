import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { built } from './compile';

/** Core of the process under test; everything else (generator, stand-in, this runner) uses the other. */
export const CORE_UNDER_TEST = 0;
export const CORE_OTHERS = 1;

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Sends a message and resolves with the first answer that has `key`. */
  ask<T>(message: object, key: string): Promise<T>;
  stop(): Promise<void>;
  logTail(): string;
}

export interface SpawnOptions {
  core: number;
  script: string;
  env?: Record<string, string>;
  nice?: number;
  logFile?: string;
  probe?: boolean;
  nodeArgs?: string[];
  /** A command node runs under, after `taskset` (the instructions mode's valgrind). */
  prefix?: string[];
}

/** Starts `node script` pinned to one core (`taskset`), with an IPC channel and the probe preloaded. */
export function spawnPinned(options: SpawnOptions): Child {
  const logFile = options.logFile ?? '/dev/null';
  const log = openSync(logFile, 'w');
  const node = [
    process.execPath,
    ...(options.nodeArgs ?? []),
    ...(options.probe ? ['-r', built('probe')] : []),
    options.script,
  ];
  const nice = options.nice ? ['nice', '-n', String(options.nice)] : [];
  const pinned = ['taskset', '-c', String(options.core), ...(options.prefix ?? [])];
  const [command, ...args] = [...nice, ...pinned, ...node];
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const exited = once(child, 'exit');
  return {
    process: child,
    pid: child.pid ?? 0,
    ask: <T>(message: object, key: string) =>
      new Promise<T>((resolve, reject) => {
        const onMessage = (answer: Record<string, unknown>) => {
          if (key in answer || 'error' in answer) {
            child.off('message', onMessage);
            child.off('exit', onExit);
            if ('error' in answer) {
              reject(new Error(String(answer.error)));
            } else {
              resolve(answer[key] as T);
            }
          }
        };
        const onExit = (code: number) => reject(new Error(`${options.script} exited (${code})`));
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(message);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
    },
    logTail: () =>
      logFile === '/dev/null'
        ? ''
        : readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'),
  };
}

/** Waits for the child's first IPC message carrying `port`. */
export function portOf(child: Child): Promise<number> {
  return new Promise((resolve, reject) => {
    child.process.once('message', (message: { port: number }) => resolve(message.port));
    child.process.once('exit', (code) => reject(new Error(`exited (${code}): ${child.logTail()}`)));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Polls `url` until it answers 2xx (or the child exits, or 30 s pass; 120 s under valgrind, where
 * the gateway's start-up alone can take half a minute on a busy machine).
 */
export async function waitUntilLive(url: string, child: Child): Promise<void> {
  const limitMs = child.process.spawnargs.includes('valgrind') ? 120_000 : 30_000;
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`process exited early:\n${child.logTail()}`);
    }
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not live after ${limitMs / 1000} s:\n${child.logTail()}`);
}

/** Pins this process (the runner) to the non-measured core. */
export function pinSelf(): void {
  spawn('taskset', ['-a', '-p', '-c', String(CORE_OTHERS), String(process.pid)], {
    stdio: 'ignore',
  });
}
