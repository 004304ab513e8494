import { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'undici';
import { SquaredConfig, SquaredCredentialsConfig } from '../config/gateway-config';

/**
 * Where Squared is and how to reach it: base URL, workspace, credentials and the keep-alive connection
 * pool.
 */
export class SquaredEndpoint implements OnApplicationShutdown {
  constructor(
    readonly baseUrl: string,
    readonly workspaceId: number,
    readonly timeoutMs: number,
    readonly credentials: SquaredCredentialsConfig,
    readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}

export function createSquaredEndpoint(squared: SquaredConfig): SquaredEndpoint {
  // Sandbox mode is the composition root's business (app.factory.ts): it starts the simulator and
  // hands the features a remote endpoint, so no feature loads the simulator.
  if (squared.mode !== 'remote') {
    throw new Error('sandbox mode must be resolved to the simulator before the app is built');
  }
  const { baseUrl, workspaceId, timeoutMs, credentials } = squared;
  return new SquaredEndpoint(baseUrl, workspaceId, timeoutMs, credentials, createPool(baseUrl));
}

function createPool(baseUrl: string): Pool {
  return new Pool(new URL(baseUrl).origin, { keepAliveTimeout: 30_000, connections: 64 });
}
