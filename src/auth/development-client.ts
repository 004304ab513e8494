import { generateClientKey, sha256Hex } from './client-keys';
import { readOrCreateDevelopmentKey } from './development-key';
import { GatewayClient } from '../common/auth/gateway-client';
import { SCOPES } from '../common/auth/scopes';

export const DEVELOPMENT_CLIENT_ID = 'local-dev';

/**
 * A client with every scope, for `npm start` on a fresh machine (sandbox mode without a registry). Its
 * key is kept in `keyFile` across restarts when there is one, and printed to the terminal at start,
 * never through the logger.
 */
export function createDevelopmentClient(
  port: number,
  keyFile: string | undefined,
  print: (text: string) => void,
): GatewayClient {
  const { key, where } = developmentKey(keyFile);
  print(
    [
      '',
      '  No client registry configured: a development client for the sandbox.',
      `  Client id: ${DEVELOPMENT_CLIENT_ID}   scopes: ${SCOPES.join(' ')}`,
      `  Key (${where}): ${key}`,
      `  Try: curl -H "Authorization: Bearer ${key}" http://localhost:${port}/syncs/42`,
      '',
    ].join('\n'),
  );
  return { id: DEVELOPMENT_CLIENT_ID, keySha256: sha256Hex(key), scopes: [...SCOPES] };
}

function developmentKey(keyFile: string | undefined): { key: string; where: string } {
  if (keyFile === undefined) {
    return { key: generateClientKey(), where: 'new at every start' };
  }
  const { key, created } = readOrCreateDevelopmentKey(keyFile);
  return { key, where: `${created ? 'new, kept in' : 'kept in'} ${keyFile}` };
}
