import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SCOPES } from '../common/auth/scopes';
import { ApiProblemResponses } from './api-problem-responses.decorator';
import { PUBLIC } from './public-operation';
import { retryAfterHeader, WWW_AUTHENTICATE_HEADER } from './response-headers';

/** The name of the session cookie in the document (`__Host-sgw_session` when PUBLIC_URL is https). */
export const SESSION_COOKIE_SCHEME = 'session';

/** `GET /auth/me`: whoever the credential names. */
export class SignedInCallerSchema {
  @ApiProperty({ enum: ['client', 'user'] }) readonly type: string;
  @ApiProperty({ description: "The client id, or the person's sub" }) readonly sub: string;
  @ApiProperty({ description: 'The application' }) readonly app: string;
  @ApiProperty({ type: 'string', nullable: true }) readonly email: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly name: string | null;
  @ApiProperty({ enum: SCOPES, isArray: true }) readonly scopes: string[];
}

/** `POST /auth/logout`. */
export class SignedOutSchema {
  @ApiProperty({ enum: [true] }) readonly signedOut: boolean;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description:
      "The IdP's end-session URL (RP-initiated logout): navigate there to sign out there too",
  })
  readonly logoutUrl: string | null;
}

const REDIRECT = (description: string) =>
  ApiResponse({
    status: 302,
    description,
    headers: {
      Location: { required: true, schema: { type: 'string' } },
      'Set-Cookie': { required: true, schema: { type: 'string' } },
    },
  });

const STORE_DOWN = {
  status: 503,
  codes: ['service_unavailable' as const],
  headers: retryAfterHeader(true),
};
const NOT_CONFIGURED = { status: 404, codes: ['not_found' as const] };

export const ApiAuthController = () => applyDecorators(ApiTags('sign-in'));

export const ApiLogin = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Start a browser sign-in at the IdP (code flow, PKCE S256, state, nonce)',
      description: '404 unless OIDC_CLIENT_ID is configured.',
      security: PUBLIC,
    }),
    ApiQuery({
      name: 'returnTo',
      required: false,
      description:
        'A path on the gateway to land on afterwards (default /auth/me); no absolute URL',
      schema: { type: 'string', maxLength: 2048 },
    }),
    REDIRECT('To the IdP; sets the sign-in cookie (sgw_login, Path=/auth/callback)'),
    ApiProblemResponses({ status: 400, codes: ['bad_request'] }, NOT_CONFIGURED, 500, STORE_DOWN),
  );

export const ApiCallback = () =>
  applyDecorators(
    ApiOperation({ summary: "The IdP's redirect back: starts the session", security: PUBLIC }),
    REDIRECT('To returnTo; sets the session cookie (HttpOnly, SameSite=Lax, Path=/)'),
    ApiProblemResponses(
      { status: 401, codes: ['unauthenticated'] },
      NOT_CONFIGURED,
      500,
      STORE_DOWN,
    ),
  );

export const ApiMe = () =>
  applyDecorators(
    ApiOperation({ summary: 'Who the credential names (a session, a JWT or a key)' }),
    ApiBearerAuth(),
    ApiCookieAuth(SESSION_COOKIE_SCHEME),
    ApiOkResponse({ type: SignedInCallerSchema }),
    ApiProblemResponses(
      { status: 400, codes: ['bad_request'] },
      { status: 401, headers: WWW_AUTHENTICATE_HEADER },
      500,
      STORE_DOWN,
    ),
  );

export const ApiLogout = () =>
  applyDecorators(
    ApiOperation({
      summary: 'End the browser session (needs X-CSRF: 1)',
      description: 'Clears the cookie; logoutUrl signs out at the IdP too, when it offers it.',
    }),
    ApiCookieAuth(SESSION_COOKIE_SCHEME),
    ApiOkResponse({
      type: SignedOutSchema,
      headers: { 'Set-Cookie': { required: true, schema: { type: 'string' } } },
    }),
    ApiProblemResponses(
      { status: 400, codes: ['bad_request'] },
      { status: 401, headers: WWW_AUTHENTICATE_HEADER },
      { status: 403, codes: ['csrf_required'] },
      NOT_CONFIGURED,
      500,
      STORE_DOWN,
    ),
  );
