import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GatewayError } from '../common/errors/gateway.error';
import { GatewayRequest } from '../common/http/gateway-request';
import { RequestLogContext } from '../logging/request-log-fields';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from './auth.decorators';
import { authorizationFieldCount, bearerKeyOf } from './bearer-key';
import { ClientRegistry } from './client-registry';
import { Scope } from '../common/auth/scopes';

/**
 * Authenticates every route not marked `@Public()` with `Authorization: Bearer <gateway key>` and checks
 * the route's `@RequireScope`. Registered first among the global guards so that later guards (rate
 * limits) can rely on `request.client`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ClientRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    if (authorizationFieldCount(request.raw.rawHeaders) > 1) {
      // Taking either one would let a proxy and the gateway disagree on who is calling.
      throw new GatewayError('bad_request', 'Send exactly one Authorization header');
    }
    const client = this.authenticate(request.headers.authorization);
    request.client = client;
    (request.raw as RequestLogContext).gatewayClientId = client.id;
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, targets);
    if (scope && !client.scopes.includes(scope)) {
      throw new GatewayError('forbidden', `This client lacks the ${scope} scope`);
    }
    return true;
  }

  private authenticate(header: string | undefined) {
    const key = bearerKeyOf(header);
    const client = key ? this.registry.authenticate(key) : undefined;
    if (!client) {
      throw new GatewayError('unauthenticated', 'A valid gateway key is required', {
        headers: { 'WWW-Authenticate': 'Bearer realm="squared-gateway"' },
      });
    }
    return client;
  }
}
