import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { WRITABLE_SYNC_FIELDS } from '../src/squared/squared.types';
import { GatewayHarness, startGateway } from './support/gateway-harness';

const PROBLEM = 'application/problem+json';

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

  it('lists every route, with bearer auth exactly on the authenticated ones', () => {
    expect(Object.keys(raw.paths).sort()).toEqual(
      ['/audit', '/health/live', '/health/ready', '/metrics', '/syncs/{id}'].sort(),
    );
    expect(raw.components?.securitySchemes?.bearer).toMatchObject({ scheme: 'bearer' });
    const secured = (path: string, method: 'get' | 'patch') =>
      (raw.paths[path]?.[method]?.security ?? []).some((s) => 'bearer' in s);
    expect(secured('/syncs/{id}', 'patch')).toBe(true);
    expect(secured('/syncs/{id}', 'get')).toBe(true);
    expect(secured('/audit', 'get')).toBe(true);
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
