import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { WRITABLE_SYNC_FIELDS } from '../src/common/sync/sync.types';
import { GatewayHarness, startGateway } from './support/gateway-harness';

const PROBLEM = 'application/problem+json';
const REDOCLY = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: {
    ruleId: string;
    severity: string;
    message: string;
    location: { pointer: string }[];
  }[];
}

/** `redocly lint` (recommended rules) on a document, offline: no telemetry, no update check. */
async function redoclyLint(text: string): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-redocly-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), text);
    const args = [REDOCLY, 'lint', '--extends', 'recommended', '--format', 'json', 'openapi.json'];
    const env = {
      ...process.env,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    };
    // It exits 1 when it finds an error; the report on stdout says which.
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir, env }).catch(
      (error: Error & { stdout?: string }) => ({ stdout: error.stdout ?? error.message }),
    );
    return JSON.parse(stdout) as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('OpenAPI: GET /docs-json and GET /docs', () => {
  let gw: GatewayHarness;
  let raw: OpenAPIV3.Document;
  let doc: OpenAPIV3.Document; // dereferenced

  beforeAll(async () => {
    gw = await startGateway();
    const response = await gw.http.get('/docs-json').expect(200);
    raw = response.body as OpenAPIV3.Document;
    doc = (await SwaggerParser.dereference(structuredClone(raw))) as OpenAPIV3.Document;
  });
  afterAll(() => gw.close());

  it('is a valid OpenAPI 3 document', async () => {
    expect(raw.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(raw))).resolves.toBeDefined();
  });

  it('passes @redocly/cli lint with the recommended rules without an error', async () => {
    const text = JSON.stringify(raw);
    const report = await redoclyLint(text);
    const errors = report.problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((e) => `${e.ruleId} ${e.location[0]?.pointer}: ${e.message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);

    // The linter does find errors: the same document with the servers emptied again has one.
    const broken = await redoclyLint(JSON.stringify({ ...raw, servers: [] }));
    expect(broken.problems.map((problem) => problem.ruleId)).toContain('no-empty-servers');
  }, 30_000);

  it('says what the gateway does: key format, server, one tag each, the statuses it answers', () => {
    expect(raw.components?.securitySchemes?.bearer).not.toHaveProperty('bearerFormat', 'JWT');
    expect(raw.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const operations = Object.entries(raw.paths).flatMap(([path, item]) =>
      (['get', 'patch'] as const).flatMap((m) => (item?.[m] ? [{ path, m, op: item[m] }] : [])),
    );
    for (const { path, m, op } of operations) {
      expect({ path, m, tags: op.tags?.length }).toEqual({ path, m, tags: 1 });
      if (!path.startsWith('/syncs') && path !== '/audit' && path !== '/auth/me') {
        expect({ path, security: op.security }).toEqual({ path, security: [] });
      }
    }
    const statuses = (path: string, m: 'get' | 'patch') =>
      Object.keys(raw.paths[path]![m]!.responses);
    expect(statuses('/health/live', 'get')).not.toContain('503');
    expect(statuses('/syncs/{id}', 'get')).toContain('503');
    const audit422 = raw.paths['/audit']!.get!.responses['422'] as OpenAPIV3.ResponseObject;
    expect(audit422.description).toBe('Problem document; code: validation_failed');
  });

  it('lists every route, with bearer auth exactly on the authenticated ones', () => {
    expect(Object.keys(raw.paths).sort()).toEqual(
      [
        '/audit',
        '/auth/callback',
        '/auth/login',
        '/auth/logout',
        '/auth/me',
        '/docs',
        '/docs-json',
        '/docs-yaml',
        '/health/live',
        '/health/ready',
        '/metrics',
        '/syncs/{id}',
      ].sort(),
    );
    expect(raw.components?.securitySchemes?.bearer).toMatchObject({ scheme: 'bearer' });
    const secured = (path: string, method: 'get' | 'patch') =>
      (raw.paths[path]?.[method]?.security ?? []).some((s) => 'bearer' in s);
    expect(secured('/syncs/{id}', 'patch')).toBe(true);
    expect(secured('/syncs/{id}', 'get')).toBe(true);
    expect(secured('/audit', 'get')).toBe(true);
    expect(secured('/auth/me', 'get')).toBe(true);
    expect(secured('/auth/login', 'get')).toBe(false);
    // A browser session is the other way in, on every authenticated route.
    const cookie = (path: string, method: 'get' | 'patch') =>
      (raw.paths[path]?.[method]?.security ?? []).some((s) => 'session' in s);
    expect(cookie('/syncs/{id}', 'patch')).toBe(true);
    expect(cookie('/audit', 'get')).toBe(true);
    expect(raw.components?.securitySchemes?.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'sgw_session',
    });
    expect(secured('/health/ready', 'get')).toBe(false);
    expect(secured('/metrics', 'get')).toBe(false);
  });

  it('describes PATCH /syncs/{id}: its body of the ten writable fields, and its answers', () => {
    const patch = doc.paths['/syncs/{id}']!.patch!;
    const body = patch.requestBody as OpenAPIV3.RequestBodyObject;
    expect(Object.keys(body.content).sort()).toEqual([
      'application/json',
      'application/merge-patch+json',
    ]);
    const schema = body.content['application/json'].schema as OpenAPIV3.SchemaObject;
    expect(schema.required).toEqual(['sync']);
    // A $ref with its own description comes as `allOf: [<ref>]`.
    const wrapped = schema.properties!.sync as OpenAPIV3.SchemaObject;
    const sync = (wrapped.allOf?.[0] ?? wrapped) as OpenAPIV3.SchemaObject;
    expect(Object.keys(sync.properties!).sort()).toEqual([...WRITABLE_SYNC_FIELDS].sort());
    expect(sync.properties!.schedule_type).toMatchObject({
      enum: ['manual', 'interval', 'cron_expression'],
    });

    const ok = patch.responses['200'] as OpenAPIV3.ResponseObject;
    expect(ok.headers).toHaveProperty('ETag');
    for (const status of ['400', '401', '403', '404', '412', '415', '422', '428', '429', '502']) {
      const answer = patch.responses[status] as OpenAPIV3.ResponseObject;
      const problem = answer.content?.[PROBLEM]?.schema as OpenAPIV3.SchemaObject;
      expect({ status, props: Object.keys(problem?.properties ?? {}) }).toEqual({
        status,
        props: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']),
      });
    }
    const parameters = (patch.parameters ?? []) as OpenAPIV3.ParameterObject[];
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:id', 'query:dryRun', 'header:If-Match', 'header:X-Request-Id']),
    );
  });

  it('answers every error of every route as a problem document', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'patch'] as const) {
        for (const [status, answer] of Object.entries(item?.[method]?.responses ?? {})) {
          if (Number(status) >= 400) {
            const content = (answer as OpenAPIV3.ResponseObject).content ?? {};
            expect({ path, status, types: Object.keys(content) }).toEqual({
              path,
              status,
              types: [PROBLEM],
            });
          }
        }
      }
    }
  });

  it('serves the UI at /docs, without a key', async () => {
    const ui = await gw.http.get('/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger-ui');
  });

  it('serves every script, style and icon the UI page references, with its type', async () => {
    const ui = await gw.http.get('/docs').expect(200);
    const refs = [...ui.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(refs).toEqual(
      expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js']),
    );
    for (const ref of refs) {
      const asset = await gw.http.get(ref).expect(200);
      const type = /\.css$/.test(ref)
        ? /text\/css/
        : /\.png$/.test(ref)
          ? /image\/png/
          : /javascript/;
      expect([ref, asset.headers['content-type']]).toEqual([ref, expect.stringMatching(type)]);
    }
    const init = await gw.http.get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"/docs-json"');
  });

  it('serves only its listed files: any other path under /docs is a 404 problem document', async () => {
    // Files that exist in swagger-ui-dist but are not listed, and traversal attempts.
    for (const path of [
      '/docs/package.json',
      '/docs/index.html',
      '/docs/swagger-ui.js.map',
      '/docs/..%2fpackage.json',
      '/docs/%2e%2e/%2e%2e/package.json',
    ]) {
      const answer = await gw.http.get(path);
      expect([path, answer.status, answer.headers['content-type']]).toEqual([
        path,
        404,
        expect.stringContaining(PROBLEM),
      ]);
    }
  });
});
