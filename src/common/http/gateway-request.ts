import type { FastifyRequest } from 'fastify';
import type { GatewayClient } from '../auth/gateway-client';

/** The Fastify request as the gateway's guards leave it. */
export type GatewayRequest = FastifyRequest & { client?: GatewayClient };

/** The request after `ApiKeyGuard`: only routes that are not public see it. */
export type AuthenticatedRequest = FastifyRequest & { client: GatewayClient };
