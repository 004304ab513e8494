import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { registerSwaggerUi } from './swagger-ui.routes';
import { REQUEST_ID_PATTERN } from '../common/http/request-id';
import { declareOnEveryAnswer, documentDocsRoutes } from './document-finishing';
import { REQUEST_ID_HEADER } from './response-headers';
import { SESSION_COOKIE_SCHEME } from './auth.api';

export const DOCS_PATH = 'docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Squared sync gateway')
    .setDescription(
      'Partial updates of Squared data syncs without holding the Squared token. Errors are ' +
        'application/problem+json (RFC 9457) with a stable `code`.',
    )
    .setVersion('1')
    // Relative: the document is true for whichever host and port serve it.
    .addServer('/', 'The gateway serving this document')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'sgw_ key or JWT',
      description:
        'A gateway key (npm run clients:new), or an access token of the IdP (OIDC_ISSUER) for OIDC_AUDIENCE',
    })
    .addCookieAuth(
      'sgw_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          'Browser session (/auth/login); __Host-sgw_session on https. Changes need the X-CSRF: 1 header',
      },
      SESSION_COOKIE_SCHEME,
    )
    .addTag('syncs', 'Read and partially update Squared syncs')
    .addTag('audit', 'The hash-chained audit log of change attempts')
    .addTag('sign-in', 'Browser sessions through the IdP (backend-for-frontend)')
    .addTag('operations', 'Health, metrics and this documentation; no key needed')
    .addGlobalParameters({
      name: 'X-Request-Id',
      in: 'header',
      required: false,
      description: '1–128 of [A-Za-z0-9._:-]; generated when absent or invalid, always echoed',
      schema: { type: 'string', pattern: REQUEST_ID_PATTERN.source },
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, { autoTagControllers: false });
  documentDocsRoutes(document, `/${DOCS_PATH}`);
  declareOnEveryAnswer(document, REQUEST_ID_HEADER);
  return document;
}

/**
 * `GET /docs` (Swagger UI), `GET /docs-json` and `GET /docs-yaml`. Registered straight on Fastify,
 * outside Nest's controllers, so the global key guard never sees them: they are public, like the
 * health checks. Nest serves the documents; its UI (`ui: false`) would need @fastify/static, so the
 * gateway serves the UI itself.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    ui: false,
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  registerSwaggerUi(fastify, `/${DOCS_PATH}`, `/${DOCS_PATH}-json`);
}
