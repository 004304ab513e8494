import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createGatewayApp } from '../src/app.factory';
import { loadGatewayConfig } from '../src/config/gateway-config';
import { LogCapture } from './support/gateway-harness';

/** `npm start` on a fresh machine: no configuration at all, the built-in sandbox, a development client. */
describe('sandbox mode on embedded defaults', () => {
  let app: NestFastifyApplication;
  let printed = '';
  // The embedded default is ./data/audit.db: the one setting moved, so that the developer's file is never touched.
  const dir = mkdtempSync(join(tmpdir(), 'gateway-sandbox-'));

  /** A gateway on embedded defaults; returns what it printed to standard output. */
  async function startSandbox(): Promise<string> {
    let output = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output += String(chunk);
      return true;
    });
    try {
      app = await createGatewayApp(
        loadGatewayConfig({ PORT: '0', AUDIT_DATABASE_URL: `sqlite:${join(dir, 'audit.db')}` }),
        { logDestination: new LogCapture() },
      );
      await app.listen(0, '127.0.0.1');
    } finally {
      write.mockRestore();
    }
    return output;
  }

  beforeAll(async () => {
    printed = await startSandbox();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyIn = (output: string) => /Key \([^)]*\): (\S+)/.exec(output)?.[1] ?? '';
  const devKey = () => keyIn(printed);

  it('prints a development key, and where it is kept', () => {
    expect(devKey()).toMatch(/^sgw_[A-Za-z0-9_-]{43}$/);
    expect(printed.split(devKey()).length - 1).toBe(2); // the key line and the curl example
    expect(printed).toContain(`kept in ${join(dir, 'development-key')}`);
  });

  it('changes a sync in the in-process simulator with that key', async () => {
    const http = request(await app.getUrl());
    const auth = { Authorization: `Bearer ${devKey()}` };
    await http
      .patch('/syncs/42')
      .set(auth)
      .send({ sync: { sync_interval: 2, sync_interval_unit: 'hours' } })
      .expect(200);
    const read = await http.get('/syncs/42').set(auth).expect(200);
    expect(read.body.data.attributes).toMatchObject({
      sync_interval: 2,
      sync_interval_unit: 'hours',
    });
  });

  it('refuses other keys', async () => {
    const http = request(await app.getUrl());
    await http.get('/syncs/42').set('Authorization', 'Bearer sgw_not-the-key').expect(401);
  });

  it('keeps the same key across a restart', async () => {
    await app.close();
    const again = await startSandbox();
    expect(keyIn(again)).toBe(devKey());
    const http = request(await app.getUrl());
    await http.get('/syncs/42').set('Authorization', `Bearer ${devKey()}`).expect(200);
  });
});

/** The features never load the simulator: only app.factory.ts starts it, in sandbox mode. */
describe('outside the composition root', () => {
  it('the whole module graph of the app loads no file of src/simulator', () => {
    // A fresh Node process, so that what this test file loaded does not count.
    const script = [
      "require('./src/app.module');",
      'const loaded = Object.keys(require.cache).filter((f) => f.includes("/src/simulator/"));',
      'process.stdout.write(JSON.stringify(loaded));',
    ].join('\n');
    const output = execFileSync(
      process.execPath,
      ['-r', 'reflect-metadata', '-r', 'ts-node/register/transpile-only', '-e', script],
      { cwd: join(__dirname, '..'), encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual([]);
  });
});
