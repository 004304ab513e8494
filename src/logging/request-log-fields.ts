import type { IncomingMessage, ServerResponse } from 'node:http';

/** Set on the raw request by the gateway so that the request log line can name them. */
export interface RequestLogContext {
  /** The caller's application (the client id for a key). */
  gatewayClientId?: string;
  /** The caller: the client id, or the person's `sub` (contract section 9: lines name the actor). */
  gatewayActorId?: string;
  gatewayRoute?: string;
  /** Why a bearer JWT was refused (a jose error code such as `ERR_JWT_EXPIRED`; never the token). */
  authError?: string;
  /** The quota that refused the request (429 `rate_limited`). */
  rateLimit?: 'client' | 'org';
}

/**
 * Fields of the request's completion line (the other lines of a request carry its id only). Empty if
 * no answer was sent (an aborted request), as the client and route may not be known then.
 */
export function requestLogFields(req: IncomingMessage, res: ServerResponse) {
  if (!res.headersSent) {
    return {};
  }
  const context = req as IncomingMessage & RequestLogContext;
  return {
    clientId: context.gatewayClientId,
    ...(context.gatewayActorId !== undefined && context.gatewayActorId !== context.gatewayClientId
      ? { actorId: context.gatewayActorId }
      : {}),
    method: req.method,
    route: context.gatewayRoute ?? 'unmatched',
    ...(context.rateLimit ? { limit: context.rateLimit } : {}),
    ...(context.authError ? { authError: context.authError } : {}),
  };
}

/**
 * Serialises the `requestId` binding: pino-http binds the request itself there (one child logger per
 * request, see logging.module.ts) and the line shows its id; a `requestId` a log call passes itself is
 * kept as it is.
 */
export function requestIdOfBinding(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'id' in value ? value.id : value;
}
