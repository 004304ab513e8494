import type { IncomingMessage, ServerResponse } from 'node:http';

/** Set on the raw request by the gateway so that the request log line can name them. */
export interface RequestLogContext {
  gatewayClientId?: string;
  gatewayRoute?: string;
}

/**
 * Fields of the request's completion line. pino-http asks twice, at the start (for the bindings of
 * every line of the request, which carry the request id already) and at the end; only the end knows
 * the client, so the fields are given once, there.
 */
export function requestLogFields(req: IncomingMessage, res: ServerResponse) {
  if (!res.headersSent) {
    return {};
  }
  const context = req as IncomingMessage & RequestLogContext;
  return {
    clientId: context.gatewayClientId,
    method: req.method,
    route: context.gatewayRoute ?? 'unmatched',
  };
}
