import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller';

/** The Fastify request as the gateway's guards leave it. */
export type GatewayRequest = FastifyRequest & { caller?: Caller };

/** The request after `CallerGuard`: only routes that are not public see it. */
export type AuthenticatedRequest = FastifyRequest & { caller: Caller };
