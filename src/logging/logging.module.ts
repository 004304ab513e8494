import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { consoleDestination } from './console-destination';
import { GatewayConfig } from '../config/gateway-config';
import { requestIdOf } from '../common/http/request-id';
import { demotingFrameworkStartup } from './framework-startup';
import { LOG_SCRUBBING } from './log-scrubbing';
import { requestIdOfBinding, requestLogFields } from './request-log-fields';

/**
 * JSON-line logs through pino: one line per request, secrets redacted wherever they may appear.
 * `destination` defaults to standard output; tests pass a stream to read the lines back.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [GatewayConfig],
          useFactory: (config: GatewayConfig) => ({
            pinoHttp: [
              {
                level: config.logLevel,
                genReqId: (req: IncomingMessage) => requestIdOf(req),
                // Every log object and message passes the secrets policy, whatever logger produced it.
                formatters: LOG_SCRUBBING.formatters,
                hooks: { logMethod: demotingFrameworkStartup(LOG_SCRUBBING.hooks.logMethod) },
                // Each request's logger is one child of the root whose only binding is the request id:
                // the request is bound under `requestId` and serialised to its id. (`quietReqLogger`
                // would make a child of a child per request, ≈ 16 µs each in V8; see BENCHMARKS.md.)
                // The request line carries only what an operator needs; headers are left out entirely.
                customAttributeKeys: { req: 'requestId', responseTime: 'durationMs' },
                serializers: {
                  requestId: requestIdOfBinding,
                  req: () => undefined,
                  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
                  ...LOG_SCRUBBING.serializers,
                },
                // On the completion line's object rather than as `customProps` bindings: pino-http
                // would make a child logger for them at the start of every request and again at its end.
                customSuccessObject: (req: IncomingMessage, res: ServerResponse, line: object) => ({
                  ...requestLogFields(req, res),
                  ...line,
                }),
                customErrorObject: (
                  req: IncomingMessage,
                  res: ServerResponse,
                  _error: Error,
                  line: object,
                ) => ({ ...requestLogFields(req, res), ...line }),
                customSuccessMessage: () => 'request completed',
                customErrorMessage: () => 'request failed',
                customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
                  error || res.statusCode >= 500 ? ('error' as const) : ('info' as const),
              },
              destination ?? consoleDestination(config.production),
            ],
          }),
        }),
      ],
    };
  }
}
