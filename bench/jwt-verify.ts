/**
 * What authenticating one request costs the gateway: a bearer JWT (RS256 and ES256) verified with a
 * cached key (`JwtVerifier`: signature, iss, aud, exp, nbf, scopes), against a gateway key looked up
 * in a 20-entry registry. `node -r ts-node/register/transpile-only bench/jwt-verify.ts`
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { generateClientKey, sha256Hex } from '../src/auth/client-keys';
import { ClientRegistry } from '../src/auth/client-registry';
import { SystemClock } from '../src/common/clock';
import { JwtVerifier } from '../src/identity/jwt-verifier';
import type { OidcDiscovery } from '../src/identity/oidc-discovery';

const ITERATIONS = 5000;
const ISSUER = 'https://idp.bench';
const AUDIENCE = 'https://gateway.bench';

function summary(label: string, micros: number[]): string {
  const sorted = [...micros].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const at = (q: number) => sorted[Math.ceil(sorted.length * q) - 1].toFixed(0);
  return `${label}: mean ${mean.toFixed(0)} µs, p50 ${at(0.5)} µs, p99 ${at(0.99)} µs`;
}

async function timeEach(work: () => unknown): Promise<number[]> {
  const micros: number[] = [];
  for (let index = 0; index < ITERATIONS; index += 1) {
    const started = process.hrtime.bigint();
    await work();
    micros.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return micros;
}

async function benchAlgorithm(alg: 'RS256' | 'ES256'): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg, use: 'sig' };
  const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const discovery = { discover: () => Promise.resolve({ metadata: { jwks_uri: jwksUri } }) };
  const verifier = new JwtVerifier(
    ISSUER,
    AUDIENCE,
    '',
    discovery as unknown as OidcDiscovery,
    new SystemClock(),
  );
  const token = await new SignJWT({ sub: 'alice', azp: 'admin-ui', scope: 'syncs:read' })
    .setProtectedHeader({ alg, kid: 'bench' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  await verifier.verify(token); // fetches and caches the key
  const result = summary(`${alg} JWT, cached key`, await timeEach(() => verifier.verify(token)));
  server.close();
  return result;
}

async function main(): Promise<void> {
  const keys = Array.from({ length: 20 }, () => generateClientKey());
  const registry = new ClientRegistry(
    keys.map((key, index) => ({ id: `c${index}`, keySha256: sha256Hex(key), scopes: [] })),
  );
  console.log(await benchAlgorithm('RS256'));
  console.log(await benchAlgorithm('ES256'));
  console.log(
    summary('gateway key, 20 clients', await timeEach(() => registry.authenticate(keys[7]))),
  );
}

void main();
