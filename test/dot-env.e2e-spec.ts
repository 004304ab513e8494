import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newClient } from './support/factories';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';

// Each test starts a gateway process under ts-node (several seconds on 2 loaded cores; the start is
// bounded at 30 s by startGatewayProcess).
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..');

/** `.env` in the working directory is loaded at start; the environment wins (contract section 10). */
describe('.env in the working directory', () => {
  let dir: string;
  let gateway: GatewayProcess | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-dotenv-'));
  });
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  // REDIS_URL empty: the runner's own (CI sets one) must not reach these gateways.
  const NO_REDIS = { REDIS_URL: '' };
  const getSync = (key: string) =>
    fetch(`${gateway!.url}/syncs/42`, { headers: { Authorization: `Bearer ${key}` } });

  it('is read at start, and a variable set in the environment wins over it', async () => {
    const client = newClient('dotenv', ['syncs:read']);
    await writeFile(join(dir, 'clients.json'), JSON.stringify([client.entry]));
    const dotEnv = [
      '# only in .env: the registry (a path relative to the working directory), the client limit',
      'SQUARED_API_URL=sandbox',
      'GATEWAY_CLIENTS_FILE=./clients.json',
      'RATE_LIMIT_CLIENT_LIMIT=7',
      '# also set in the environment, which wins',
      'RATE_LIMIT_HEADERS=draft-6',
    ].join('\n');
    await writeFile(join(dir, '.env'), dotEnv);
    gateway = await startGatewayProcess(
      { ...NO_REDIS, RATE_LIMIT_HEADERS: 'draft-7' },
      { cwd: dir },
    );
    const response = await getSync(client.key);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-policy')).toBe('7;w=60');
    expect(response.headers.get('ratelimit')).toMatch(/^limit=7, remaining=6, reset=\d+$/);
    expect(response.headers.get('ratelimit-limit')).toBeNull();
  });

  it('copied from .env.example as it is, starts the sandbox with a development client', async () => {
    await copyFile(join(ROOT, '.env.example'), join(dir, '.env'));
    gateway = await startGatewayProcess(NO_REDIS, { cwd: dir });
    const key = /sgw_[A-Za-z0-9_-]+/.exec(gateway.output())?.[0];
    expect(key).toBeDefined();
    const response = await getSync(key!);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { id: string } }).data.id).toBe('42');
  });
});
