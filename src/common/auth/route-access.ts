import { SetMetadata } from '@nestjs/common';
import type { Scope } from './scopes';

export const REQUIRED_SCOPE = 'gateway:required-scope';
export const PUBLIC_ROUTE = 'gateway:public-route';

/** The route needs an authenticated caller holding `scope`. */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

/** The route is open to anyone (health, metrics, docs, sign-in). Every other route needs a credential. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
