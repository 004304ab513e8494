import type { Caller } from '../common/auth/caller';
import type { GatewayClient } from '../common/auth/gateway-client';

/** The caller a gateway key authenticates: the registered client, acting for itself. */
export function callerOfClient(client: GatewayClient): Caller {
  return {
    type: 'client',
    id: client.id,
    app: client.id,
    scopes: client.scopes,
    credential: 'key',
    ...(client.rateLimit ? { rateLimit: client.rateLimit } : {}),
  };
}
