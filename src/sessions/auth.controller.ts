import {
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/route-access';
import { ApiAuthController, ApiCallback, ApiLogin, ApiLogout, ApiMe } from '../openapi/auth.api';
import { GatewayError } from '../common/errors/gateway.error';
import type { AuthenticatedRequest, GatewayRequest } from '../common/http/gateway-request';
import { SignInFlow } from './sign-in.flow';

/**
 * Browser sign-in (gateway-contract.md section 9): `/auth/login` → the IdP → `/auth/callback` sets
 * the session cookie; `/auth/me` says who is signed in; `POST /auth/logout` ends it. 404 when no
 * `OIDC_CLIENT_ID` is configured, except `/auth/me`, which answers for any credential.
 */
@ApiAuthController()
@Controller('auth')
export class AuthController {
  constructor(private readonly flow: SignInFlow) {}

  @Public()
  @Get('login')
  @ApiLogin()
  async login(
    @Query('returnTo') returnTo: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { url, cookie } = await this.configured().begin(
      typeof returnTo === 'string' ? returnTo : undefined,
    );
    await reply.header('Set-Cookie', cookie).header('Cache-Control', 'no-store').redirect(url, 302);
  }

  @Public()
  @Get('callback')
  @ApiCallback()
  async callback(@Req() request: GatewayRequest, @Res() reply: FastifyReply): Promise<void> {
    const { returnTo, cookies } = await this.configured().complete(
      request.url,
      request.headers.cookie,
      request.id,
    );
    await reply
      .header('Set-Cookie', cookies)
      .header('Cache-Control', 'no-store')
      .redirect(returnTo, 302);
  }

  @Get('me')
  @ApiMe()
  me(@Req() request: AuthenticatedRequest) {
    const { type, id, app, email, name, scopes } = request.caller;
    return { type, sub: id, app, email: email ?? null, name: name ?? null, scopes };
  }

  /** Cookie-authenticated, so it needs `X-CSRF: 1` like every other non-GET request. */
  @Post('logout')
  @HttpCode(200)
  @ApiLogout()
  async logout(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const flow = this.configured();
    if (request.caller.credential !== 'session') {
      throw new GatewayError('bad_request', 'Only a browser session can be signed out');
    }
    const { cookie, logoutUrl } = await flow.end(request.headers.cookie);
    void reply.header('Set-Cookie', cookie).header('Cache-Control', 'no-store');
    return { signedOut: true, logoutUrl: logoutUrl ?? null };
  }

  private configured(): SignInFlow {
    if (!this.flow.enabled) {
      throw new NotFoundException();
    }
    return this.flow;
  }
}
