import type { IncomingMessage, ServerResponse } from 'node:http';

/** Set on the raw request by the gateway so that the request log line can name them. */
export interface RequestLogContext {
  gatewayClientId?: string;
  gatewayRoute?: string;
}

export function requestLogFields(req: IncomingMessage, _res: ServerResponse) {
  const context = req as IncomingMessage & RequestLogContext;
  return {
    clientId: context.gatewayClientId,
    method: req.method,
    route: context.gatewayRoute ?? 'unmatched',
  };
}
