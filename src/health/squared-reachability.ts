import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { SquaredEndpoint } from '../squared/squared-endpoint';

/** How long one answer is reused, and how long a check may take. */
const CACHE_MS = 15_000;
const CHECK_TIMEOUT_MS = 1000;

export interface SquaredReachabilityReport {
  reachable: boolean;
  checkedAt: string;
  reason?: string;
}

/**
 * Whether Squared answers HTTP at all, for `/health/ready` to report. It sends no token (so it costs
 * nothing of the token's 100 requests per minute), counts any HTTP answer as reachable, and is cached:
 * only the first check waits; later ones answer the last result and refresh in the background.
 */
@Injectable()
export class SquaredReachability {
  private last?: { report: SquaredReachabilityReport; at: number };
  private running?: Promise<SquaredReachabilityReport>;

  constructor(
    private readonly endpoint: SquaredEndpoint,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<SquaredReachabilityReport> {
    if (this.last && this.clock.now() - this.last.at < CACHE_MS) {
      return this.last.report;
    }
    const refresh = (this.running ??= this.probe().finally(() => (this.running = undefined)));
    return this.last ? this.last.report : refresh;
  }

  private async probe(): Promise<SquaredReachabilityReport> {
    const checkedAt = new Date(this.clock.now()).toISOString();
    let report: SquaredReachabilityReport;
    try {
      const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
      const answer = await fetch(this.endpoint.baseUrl, { method: 'HEAD', signal });
      await answer.body?.cancel();
      report = { reachable: true, checkedAt };
    } catch (error) {
      report = { reachable: false, checkedAt, reason: fetchFailureReason(error) };
    }
    this.last = { report, at: this.clock.now() };
    return report;
  }
}

/** `timeout`, or the socket error code (`ECONNREFUSED`…) that fetch keeps in `cause`. */
function fetchFailureReason(error: unknown): string {
  if ((error as Error | undefined)?.name === 'TimeoutError') {
    return 'timeout';
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : 'unavailable';
}
