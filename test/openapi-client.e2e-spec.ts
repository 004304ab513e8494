import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { GatewayHarness, startGateway } from './support/gateway-harness';

const run = promisify(execFile);
const bin = (pkg: string, file: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), file);
const OPENAPI_TYPESCRIPT = bin('openapi-typescript', 'bin/cli.js');
const TSC = bin('typescript', 'bin/tsc');
const OPENAPI_FETCH = dirname(require.resolve('openapi-fetch/package.json'));

/**
 * What an integrator writes against the generated types: the PATCH 200 union narrowed by `changes`,
 * nullable enums, a change's values as JSON. The `@ts-expect-error` must be an error (tsc reports an
 * unused one), so this fails when from/to are typed as objects again. openapi-typescript ignores
 * `not` and adds null to any nullable enum, so the overlap of the union and an enum without null are
 * caught by the answer check of the harness instead (openapi-check.ts).
 */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './squared-gateway';

type Json = string | number | boolean | null | { [key: string]: unknown } | unknown[];
type SyncDocument = components['schemas']['SyncDocumentSchema'];

const client = createClient<paths>({
  baseUrl: 'http://localhost:3000',
  headers: { Authorization: 'Bearer sgw_example' },
});

export async function preview(): Promise<Json[]> {
  const { data, error, response } = await client.PATCH('/syncs/{id}', {
    params: { path: { id: 42 }, query: { dryRun: true } },
    body: { sync: { sync_interval: 2, sync_interval_unit: 'hours' } },
  });
  if (error) {
    const code: string = error.code;
    throw new Error(code + response.headers.get('x-request-id'));
  }
  if (!('changes' in data)) {
    const document: SyncDocument = data;
    return [document.data.id];
  }
  return data.changes.flatMap((change) => {
    const from: Json | undefined = change.from;
    // @ts-expect-error a changed value is any JSON value, not only an object
    const onlyObject: Record<string, never> | undefined = change.to;
    void onlyObject;
    return from === undefined ? [] : [from];
  });
}

export async function read(): Promise<string | null> {
  const { data } = await client.GET('/syncs/{id}', { params: { path: { id: 43 } } });
  const mode: 'full_refresh' | 'incremental' | null | undefined = data?.data.attributes.sync_mode;
  const unit: 'minutes' | 'hours' | 'days' | 'weeks' | null | undefined =
    data?.data.attributes.sync_interval_unit;
  return mode ?? unit ?? null;
}

export async function audit(): Promise<Json | undefined> {
  const { data } = await client.GET('/audit', { params: { query: { syncId: 42, limit: 10 } } });
  return data?.data[0]?.changes[0]?.to;
}
`;

describe('a typed client generated from the served document (openapi-typescript, openapi-fetch)', () => {
  let gw: GatewayHarness;
  let dir: string;

  beforeAll(async () => {
    gw = await startGateway();
    dir = mkdtempSync(join(tmpdir(), 'gateway-client-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await gw.close();
  });

  it('generates types that a small openapi-fetch client type-checks against', async () => {
    const document = await gw.http.get('/docs-json').expect(200);
    writeFileSync(join(dir, 'openapi.json'), document.text);
    await run(
      process.execPath,
      [OPENAPI_TYPESCRIPT, 'openapi.json', '-o', 'squared-gateway.d.ts'],
      {
        cwd: dir,
      },
    );
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          skipLibCheck: true,
          types: [],
          paths: { 'openapi-fetch': [OPENAPI_FETCH] },
        },
        files: ['client.ts'],
      }),
    );
    const checked = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir }).then(
      () => 'no type errors',
      (error: Error & { stdout?: string }) => error.stdout ?? error.message,
    );
    expect(checked).toBe('no type errors');
  }, 60_000);
});
