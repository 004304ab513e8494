import type {
  OpenAPIObject,
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PUBLIC } from './public-operation';
import type { HeadersObject } from './response-headers';

/** Adds `headers` to every response of every operation (a header every answer carries). */
export function declareOnEveryAnswer(document: OpenAPIObject, headers: HeadersObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as unknown[]) {
      const responses = (operation as Partial<OperationObject>)?.responses;
      for (const response of Object.values(responses ?? {}) as ResponseObject[]) {
        response.headers = { ...response.headers, ...headers };
      }
    }
  }
}

const docsOperation = (summary: string, type: string, schema: object): OperationObject => ({
  operationId: `docs_${type.replace(/\W/g, '_')}`,
  summary,
  tags: ['operations'],
  security: PUBLIC,
  responses: { '200': { description: summary, content: { [type]: { schema } } } },
});

/** The documentation routes are served by SwaggerModule itself, outside the explored controllers. */
export function documentDocsRoutes(document: OpenAPIObject, base: string): void {
  document.paths[base] = {
    get: docsOperation('This documentation, as Swagger UI', 'text/html', { type: 'string' }),
  };
  document.paths[`${base}-json`] = {
    get: docsOperation('This OpenAPI document', 'application/json', {
      type: 'object',
      required: ['openapi', 'info', 'paths'],
      properties: {
        openapi: { type: 'string' },
        info: { type: 'object' },
        paths: { type: 'object' },
      },
    }),
  };
  document.paths[`${base}-yaml`] = {
    get: docsOperation('This OpenAPI document, in YAML', 'text/yaml', { type: 'string' }),
  };
}
