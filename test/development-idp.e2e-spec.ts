import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, machineEnv } from './support/gateway-process';
import { signIn } from './support/oidc-sign-in';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..');

/** `npm start` with nothing configured, as its own process; resolves once it prints `listening`. */
async function startSandbox(port: number, dir: string) {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...machineEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      AUDIT_DATABASE_URL: `sqlite:${join(dir, 'audit.db')}`,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 45_000;
  while (!output.includes('listening on') && child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output };
}

describe('sandbox mode: a development IdP in the process', () => {
  let dir: string;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-dev-idp-'));
    const port = await freePort();
    url = `http://localhost:${port}`;
    sandbox = await startSandbox(port, dir);
  });
  afterAll(async () => {
    if (sandbox.child.exitCode === null) {
      const exited = once(sandbox.child, 'exit');
      sandbox.child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the development sign-in and signs the developer in through it', async () => {
    const printed = sandbox.output();
    expect(printed).toContain(`Open ${url}/auth/login and sign in as developer with any password.`);
    const result = await signIn(url, 'developer');
    expect(result.authorizationUrl.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await fetch(`${url}/auth/me`, {
      headers: { cookie: result.gatewayCookies.header() },
    });
    expect(await me.json()).toEqual({
      type: 'user',
      sub: 'developer',
      app: 'sandbox-gateway',
      email: 'developer@sandbox.test',
      name: 'developer',
      scopes: ['syncs:read', 'syncs:write', 'audit:read'],
    });
  });

  it('issues JWTs for scripts, as printed, that the gateway accepts', async () => {
    const curl =
      /curl -u (\S+):(\S+) -d grant_type=client_credentials \\\n\s+-d scope=syncs:read -d resource=(\S+) (\S+)\n/.exec(
        sandbox.output(),
      );
    expect(curl).not.toBeNull();
    const [, clientId, secret, resource, tokenUrl] = curl!;
    const token = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'syncs:read',
        resource,
      }),
    });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const read = await fetch(`${url}/syncs/42`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(read.status).toBe(200);
  });
});
