/** A Rack::Attack-style throttle: a fixed window per key, aligned on the clock. */
export class FixedWindowThrottle {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly periodMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request; returns Retry-After seconds when it is over the limit. */
  hit(key: string): number | undefined {
    const now = this.now();
    const window = Math.floor(now / this.periodMs);
    const bucket = `${window}:${key}`;
    const count = (this.counts.get(bucket) ?? 0) + 1;
    this.counts.set(bucket, count);
    this.forgetOlderWindows(window);
    if (count <= this.limit) {
      return undefined;
    }
    return Math.max(1, Math.ceil(((window + 1) * this.periodMs - now) / 1000));
  }

  reset(): void {
    this.counts.clear();
  }

  private forgetOlderWindows(current: number): void {
    for (const bucket of this.counts.keys()) {
      if (Number(bucket.split(':')[0]) < current) {
        this.counts.delete(bucket);
      }
    }
  }
}

/** A sliding-window limit over every request (the documented "100 requests per minute"). */
export class SlidingWindowLimit {
  private arrivals: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request; returns Retry-After seconds when it is over the limit. */
  hit(): number | undefined {
    const now = this.now();
    this.arrivals = this.arrivals.filter((at) => at > now - this.windowMs);
    if (this.arrivals.length >= this.limit) {
      return Math.max(1, Math.ceil((this.arrivals[0] + this.windowMs - now) / 1000));
    }
    this.arrivals.push(now);
    return undefined;
  }

  reset(): void {
    this.arrivals = [];
  }
}
