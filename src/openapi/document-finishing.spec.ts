import type { OpenAPIObject } from '@nestjs/swagger';
import { declareOnEveryAnswer, documentDocsRoutes } from './document-finishing';
import { REQUEST_ID_HEADER } from './response-headers';

const documentWith = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
});

describe('document finishing', () => {
  it('declares a header on every response of every operation, keeping the ones declared', () => {
    const document = documentWith({
      '/a': {
        get: { responses: { '200': { description: 'ok', headers: { ETag: { schema: {} } } } } },
        patch: { responses: { '400': { description: 'bad' }, '500': { description: 'bug' } } },
      },
      '/b': { get: { responses: { '204': { description: 'none' } } } },
    });
    declareOnEveryAnswer(document, REQUEST_ID_HEADER);

    const headers = [
      document.paths['/a'].get!.responses['200'],
      document.paths['/a'].patch!.responses['400'],
      document.paths['/a'].patch!.responses['500'],
      document.paths['/b'].get!.responses['204'],
    ].map((response) => Object.keys((response as { headers: object }).headers));
    expect(headers).toEqual([
      ['ETag', 'X-Request-Id'],
      ['X-Request-Id'],
      ['X-Request-Id'],
      ['X-Request-Id'],
    ]);
  });

  it('lists the documentation routes as public operations', () => {
    const document = documentWith({});
    documentDocsRoutes(document, '/docs');

    expect(Object.keys(document.paths)).toEqual(['/docs', '/docs-json', '/docs-yaml']);
    for (const item of Object.values(document.paths)) {
      expect(item.get).toMatchObject({ security: [], tags: ['operations'] });
      expect(item.get?.operationId).toBeTruthy();
    }
  });
});
