import { randomBytes } from 'node:crypto';
import { OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'undici';
import { GatewayConfig, SquaredCredentialsConfig } from '../config/gateway-config';
import { SquaredSimulator } from '../simulator/squared-simulator';

/**
 * Where Squared is and how to reach it: base URL, workspace, credentials and the keep-alive connection
 * pool. In sandbox mode it also owns the in-process simulator standing in for Squared.
 */
export class SquaredEndpoint implements OnApplicationShutdown {
  constructor(
    readonly baseUrl: string,
    readonly workspaceId: number,
    readonly timeoutMs: number,
    readonly credentials: SquaredCredentialsConfig,
    readonly pool: Pool,
    private readonly sandbox?: SquaredSimulator,
  ) {}

  get isSandbox(): boolean {
    return this.sandbox !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
    await this.sandbox?.close();
  }
}

export async function createSquaredEndpoint(config: GatewayConfig): Promise<SquaredEndpoint> {
  const squared = config.squared;
  if (squared.mode === 'remote') {
    const { baseUrl, workspaceId, timeoutMs, credentials } = squared;
    return new SquaredEndpoint(baseUrl, workspaceId, timeoutMs, credentials, createPool(baseUrl));
  }
  const sandbox = await SquaredSimulator.start();
  const token = randomBytes(24).toString('base64url');
  sandbox.addStaticToken(token);
  const credentials = { kind: 'static' as const, token };
  return new SquaredEndpoint(
    sandbox.url,
    sandbox.workspaceId,
    squared.timeoutMs,
    credentials,
    createPool(sandbox.url),
    sandbox,
  );
}

function createPool(baseUrl: string): Pool {
  return new Pool(new URL(baseUrl).origin, { keepAliveTimeout: 30_000, connections: 64 });
}
