/**
 * `npm run clients:new -- <client-id> [scopes...]`: prints a new gateway key (once; it is stored nowhere)
 * and the registry entry to add to GATEWAY_CLIENTS_FILE. Default scopes: syncs:read syncs:write.
 */
import { generateClientKey, sha256Hex } from '../auth/client-keys';
import { GatewayClient } from '../common/auth/gateway-client';
import { Scope, SCOPES } from '../common/auth/scopes';

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function main(args: string[]): number {
  const [id, ...requested] = args;
  if (!id || !CLIENT_ID.test(id)) {
    process.stderr.write('usage: npm run clients:new -- <client-id> [scopes...]\n');
    return 2;
  }
  const unknown = requested.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scope(s): ${unknown.join(', ')}; known: ${SCOPES.join(', ')}\n`);
    return 2;
  }
  const scopes = (requested.length > 0 ? requested : ['syncs:read', 'syncs:write']) as Scope[];
  const key = generateClientKey();
  const entry: GatewayClient = { id, keySha256: sha256Hex(key), scopes };
  process.stdout.write(`key: ${key}\nentry: ${JSON.stringify(entry)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
