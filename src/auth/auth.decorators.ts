import { SetMetadata } from '@nestjs/common';
import { Scope } from '../common/auth/scopes';

export const REQUIRED_SCOPE = 'gateway:required-scope';
export const PUBLIC_ROUTE = 'gateway:public-route';

/** The route needs an authenticated client holding `scope`. */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

/** The route is open to anyone (health, metrics, docs). Every other route needs a key. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
