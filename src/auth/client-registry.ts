import { timingSafeEqual } from 'node:crypto';
import { GatewayClient } from '../common/auth/gateway-client';
import { sha256Hex } from './client-keys';

/** Looks callers up by key. Holds digests only; the keys themselves never reach the gateway's memory. */
export class ClientRegistry {
  private readonly entries: { client: GatewayClient; digest: Buffer }[];

  constructor(clients: GatewayClient[]) {
    this.entries = clients.map((client) => ({
      client,
      digest: Buffer.from(client.keySha256, 'hex'),
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * The client owning `key`, or undefined. Every digest is compared, in constant time, so the answer
   * time does not reveal which entry (or how much of one) matched.
   */
  authenticate(key: string): GatewayClient | undefined {
    const digest = Buffer.from(sha256Hex(key), 'hex');
    let found: GatewayClient | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest)) {
        found = entry.client;
      }
    }
    return found;
  }
}
