import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The Swagger UI at `/docs`, served from `swagger-ui-dist` without @fastify/static (its fixed releases
 * need Node 22; see README "Keeping dependencies current"). Only the files in this fixed list are
 * served: no part of a request path is ever joined to a file-system path, so there is nothing to
 * traverse. Each file is read once, on its first request.
 */
const ASSET_TYPES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const page = (docsPath: string): string => `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Squared sync gateway API</title>
  <link rel="stylesheet" href="${docsPath}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${docsPath}/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="${docsPath}/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${docsPath}/swagger-ui-bundle.js"></script>
  <script src="${docsPath}/swagger-ui-standalone-preset.js"></script>
  <script src="${docsPath}/swagger-ui-init.js"></script>
</body>
</html>
`;

// A script file rather than an inline script, so that a Content-Security-Policy without
// 'unsafe-inline' in front of the gateway still lets the page run.
const initScript = (jsonPath: string): string => `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(jsonPath)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'BaseLayout',
  });
};
`;

/** Registers `GET <docsPath>` (the page), its init script and the listed assets. */
export function registerSwaggerUi(
  fastify: FastifyInstance,
  docsPath: string,
  jsonPath: string,
): void {
  const distDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const html = page(docsPath);
  const init = initScript(jsonPath);
  fastify.get(docsPath, (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  fastify.get(`${docsPath}/swagger-ui-init.js`, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(init),
  );
  for (const [file, type] of Object.entries(ASSET_TYPES)) {
    let content: Buffer | undefined;
    fastify.get(`${docsPath}/${file}`, (_request, reply) => {
      content ??= readFileSync(join(distDir, file));
      return reply.type(type).header('Cache-Control', 'public, max-age=3600').send(content);
    });
  }
}
