import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, machineEnv, startGatewayProcess } from './support/gateway-process';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..');
const GATEWAY = `${process.execPath} -r ts-node/register/transpile-only src/main.ts`;

/** Runs the gateway command (optionally under a pseudo-terminal) until `until` matches or it exits. */
async function runGateway(
  env: Record<string, string>,
  options: { terminal?: boolean; until?: RegExp } = {},
): Promise<{ code: number | null; output: string }> {
  const [command, args] = options.terminal
    ? ['script', ['-qfec', GATEWAY, '/dev/null']] // util-linux script: the child's stdout is a TTY
    : [process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts']];
  const child = spawn(command, args, { cwd: ROOT, env: { ...machineEnv(), ...env } });
  let output = '';
  const read = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.until?.test(output)) {
      child.kill('SIGTERM');
    }
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe("a newcomer's first minutes", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gateway-first-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const sandboxEnv = (port: number) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    AUDIT_DATABASE_URL: `sqlite:${join(dir, 'audit.db')}`,
  });

  it('a taken port is one line naming PORT, no stack trace, exit 1', async () => {
    const taken: Server = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    try {
      const { code, output } = await runGateway(sandboxEnv(port));
      expect(code).toBe(1);
      // Besides Nest's one JSON line for the listen error (stdout and stderr interleave in any order).
      expect(output.split('\n')).toContain(
        `Port ${port} on 127.0.0.1 is already in use: stop what holds it, or set PORT to another port.`,
      );
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
  });

  it('says where it listens, without the framework start-up lines at info', async () => {
    const gateway = await startGatewayProcess({ ...sandboxEnv(0), LOG_LEVEL: 'info' });
    try {
      const lines = gateway
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; context?: string });
      expect(lines.map((line) => line.msg)).toContain(`listening on ${gateway.url}`);
      expect(
        lines.filter((line) => /InstanceLoader|Router|NestFactory/.test(line.context ?? '')),
      ).toEqual([]);
    } finally {
      await gateway.stop();
    }
  });

  it('on a terminal outside production, prints pretty coloured lines instead of JSON', async () => {
    const port = await freePort();
    const { output } = await runGateway(sandboxEnv(port), {
      terminal: true,
      until: /listening on http/,
    });
    expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('\u001b['); // ANSI colour
    expect(output).not.toMatch(/^\{"level"/m);
  });

  it('in production, JSON lines even on a terminal', async () => {
    const port = await freePort();
    const { output } = await runGateway(
      {
        ...sandboxEnv(port),
        NODE_ENV: 'production',
        // Production refuses the sandbox; a URL nobody answers is enough to start and listen.
        SQUARED_API_URL: 'http://127.0.0.1:9',
        SQUARED_API_TOKEN: 'sq-first-minutes-token',
        SQUARED_WORKSPACE_ID: '3',
        GATEWAY_CLIENTS: JSON.stringify([
          { id: 'app', keySha256: '0'.repeat(64), scopes: ['syncs:read'] },
        ]),
      },
      { terminal: true, until: /listening on http/ },
    );
    expect(output).toMatch(/^\{"level":30.*"msg":"listening on http:\/\/127\.0\.0\.1:\d+"/m);
  });
});
