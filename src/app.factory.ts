import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { Clock } from './common/clock';
import { requestIdOf } from './common/http/request-id';
import { GatewayConfig } from './config/gateway-config';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './http/body-parsers';
import { registerCors } from './http/cors';
import { requireHostHeader } from './http/host-header.hook';
import { capConnections, httpServerOptions } from './http/http-server.options';
import { answerMethodNotAllowed } from './http/method-not-allowed.hook';
import { RequestLogContext } from './logging/request-log-fields';
import { setupOpenApi } from './openapi/openapi.setup';
import { SquaredSimulator } from './simulator/squared-simulator';

/**
 * Builds the gateway application exactly as production runs it; `main.ts` and the end-to-end tests both
 * use this, so the tests exercise the real HTTP stack.
 */
export interface GatewayAppOptions {
  /** Where log lines go (default: standard output). */
  logDestination?: DestinationStream;
  /** The time the gateway goes by (tests move their own; default: the system clock). */
  clock?: Clock;
}

export async function createGatewayApp(
  config: GatewayConfig,
  options: GatewayAppOptions = {},
): Promise<NestFastifyApplication> {
  if (config.squared.mode !== 'sandbox') {
    return buildApp(config, options);
  }
  const sandbox = await SquaredSimulator.start();
  try {
    const app = await buildApp(againstSandbox(config, sandbox), options);
    // After Fastify has drained the in-flight requests, which may still be talking to it.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', () => sandbox.close());
    return app;
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/**
 * Sandbox mode, known only here: the in-process simulator with a fresh token stands in for Squared,
 * and every feature sees an ordinary remote endpoint.
 */
function againstSandbox(config: GatewayConfig, sandbox: SquaredSimulator): GatewayConfig {
  const token = randomBytes(24).toString('base64url');
  sandbox.addStaticToken(token);
  return new GatewayConfig({
    ...config,
    squared: {
      mode: 'remote',
      baseUrl: sandbox.url,
      workspaceId: sandbox.workspaceId,
      timeoutMs: config.squared.timeoutMs,
      credentials: { kind: 'static', token },
    },
  });
}

async function buildApp(
  config: GatewayConfig,
  options: GatewayAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    return503OnClosing: true,
    ...httpServerOptions(config.http),
  });
  const fastify = adapter.getInstance();
  capConnections(fastify, config.http);
  registerBodyParsers(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    (request.raw as RequestLogContext).gatewayRoute = request.routeOptions.url;
    done();
  });
  requireHostHeader(fastify);
  // Before the 405 answer: a preflight (OPTIONS) from a listed origin is answered here.
  registerCors(fastify, config.corsOrigins);
  answerMethodNotAllowed(fastify);
  closeConnectionsWhileDraining(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.logDestination, options.clock),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
      // The gateway registers its own strict JSON parsers (see body-parsers.ts).
      bodyParser: false,
    },
  );
  app.useLogger(app.get(Logger));
  setupOpenApi(app);
  return app;
}

/**
 * Once shutdown starts, every answer closes its connection. Fastify closes only the connections that
 * are idle when `close()` starts; a keep-alive client whose request was in flight would otherwise
 * hold the server open until the grace period ends (and the process exits 1).
 */
function closeConnectionsWhileDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) {
      void reply.header('Connection', 'close');
    }
    done(null, payload);
  });
}
