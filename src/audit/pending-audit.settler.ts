import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Clock } from '../common/clock';
import { redactSecrets } from '../common/secrets/redact-secrets';
import { SQUARED_CONFIG, type SquaredConfig } from '../config/gateway-config';
import { SquaredClient } from '../squared/squared.client';
import type { WritableSync } from '../common/sync/sync.types';
import { jsonEqual } from '../common/json/json-equal';
import { writableSyncOf } from '../common/sync/writable-sync';
import { AuditRecord } from './audit-record';
import { AuditStateDigest } from './audit-state-digest';
import { AuditStore } from './audit.store';

const SWEEP_INTERVAL_MS = 30_000;

/**
 * Settles records that a crash (or a failed completion write) left `pending`: reads the sync back and
 * marks the record `applied` when Squared holds its `after` state (secrets included: compared by the
 * record's `afterDigest`), `unknown` otherwise. Runs at start-up
 * and then every 30 s. Only records older than two upstream timeouts are touched, so that another
 * replica's request still in flight is left alone.
 */
@Injectable()
export class PendingAuditSettler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PendingAuditSettler.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly squared: SquaredClient,
    @Inject(SQUARED_CONFIG) private readonly upstream: SquaredConfig,
    private readonly digest: AuditStateDigest,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass over the stale pending records; resolves when it is done. Never rejects. */
  sweep(): Promise<void> {
    this.sweeping ??= this.settleStale().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async settleStale(): Promise<void> {
    try {
      const staleAfterMs = 2 * this.upstream.timeoutMs + 1000;
      const cutoff = new Date(this.clock.now() - staleAfterMs).toISOString();
      for (const record of await this.store.findPendingBefore(cutoff)) {
        await this.settle(record);
      }
    } catch (error) {
      this.logger.warn(
        `Settling pending audit records failed; will retry: ${(error as Error).message}`,
      );
    }
  }

  private async settle(record: AuditRecord): Promise<void> {
    const document = await this.squared
      .getSync(record.syncId, `audit-settle-${record.id}`)
      .catch(() => undefined);
    const current = document && writableSyncOf(document.data.attributes);
    const applied = current !== undefined && this.holdsAfter(record, current);
    await this.store.complete(record.id, {
      outcome: applied ? 'applied' : 'unknown',
      status: null,
      upstreamStatus: null,
      durationMs: null,
    });
    this.logger.warn(
      `Settled audit record ${record.id} left pending: ${applied ? 'applied' : 'unknown'}`,
    );
  }

  /**
   * Whether Squared's state is the record's `after`: by the digest of the unredacted state, which
   * tells apart two states differing only in a secret. Records written before the digest existed
   * can only be compared redacted, as they always were.
   */
  private holdsAfter(record: AuditRecord, current: WritableSync): boolean {
    if (record.after === null) {
      return false;
    }
    if (record.afterDigest !== undefined) {
      return this.digest.matches(current, record.afterDigest);
    }
    return jsonEqual(redactSecrets(current) as never, record.after as never);
  }
}
