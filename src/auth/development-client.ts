import { generateClientKey, sha256Hex } from './client-keys';
import { GatewayClient, SCOPES } from './gateway-client';

export const DEVELOPMENT_CLIENT_ID = 'local-dev';

/**
 * A client with every scope and a fresh key, for `npm start` on a fresh machine (sandbox mode without a
 * registry). The key is printed once to the terminal, never through the logger, and is gone at restart.
 */
export function createDevelopmentClient(
  port: number,
  print: (text: string) => void,
): GatewayClient {
  const key = generateClientKey();
  print(
    [
      '',
      '  No client registry configured: created a development client for the sandbox.',
      `  Client id: ${DEVELOPMENT_CLIENT_ID}   scopes: ${SCOPES.join(' ')}`,
      `  Key (shown once): ${key}`,
      `  Try: curl -H "Authorization: Bearer ${key}" http://localhost:${port}/syncs/42`,
      '',
    ].join('\n'),
  );
  return { id: DEVELOPMENT_CLIENT_ID, keySha256: sha256Hex(key), scopes: [...SCOPES] };
}
