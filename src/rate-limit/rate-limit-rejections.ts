import { Injectable } from '@nestjs/common';
import { ThrottlerName } from './rate-limit.types';

/**
 * Counts the requests this replica rejected with `rate_limited`, by limit. The metrics endpoint reads
 * `snapshot()`; counting stays here so that the guard does not depend on a metrics library.
 */
@Injectable()
export class RateLimitRejections {
  private readonly counts: Record<ThrottlerName, number> = { client: 0, org: 0 };

  count(limit: ThrottlerName): void {
    this.counts[limit] += 1;
  }

  snapshot(): Readonly<Record<ThrottlerName, number>> {
    return { ...this.counts };
  }
}
