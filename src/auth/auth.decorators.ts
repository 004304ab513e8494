// The route decorators live in the shared kernel so that features with public routes (sign-in) need
// not import this folder; re-exported for the controllers that always imported them from here.
export { Public, PUBLIC_ROUTE, REQUIRED_SCOPE, RequireScope } from '../common/auth/route-access';
