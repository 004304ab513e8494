import type { JSONWebKeySet } from 'jose';
import { IDP_TIMEOUT_MS } from './oidc-discovery';

/** GETs a JWKS document (shape checked by jose when the keys are imported). */
export async function fetchKeySet(jwksUri: string): Promise<JSONWebKeySet> {
  const response = await fetch(jwksUri, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(IDP_TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(`the IdP answered ${response.status} for its keys`);
  }
  return (await response.json()) as JSONWebKeySet;
}
