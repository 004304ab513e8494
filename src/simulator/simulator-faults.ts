import type { FaultMatcher, SimulatorFault } from './simulator.types';

export function matchesRequest(matcher: FaultMatcher, method: string, path: string): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (matcher.path === undefined) {
    return true;
  }
  return typeof matcher.path === 'string' ? matcher.path === path : matcher.path.test(path);
}

interface Entry<T> {
  value: T;
  matcher: FaultMatcher;
  remaining: number;
}

/** Values handed out to matching requests, each a limited number of times. */
class MatcherList<T> {
  private entries: Entry<T>[] = [];

  add(value: T, matcher: FaultMatcher, defaultTimes: number): void {
    this.entries.push({ value, matcher, remaining: matcher.times ?? defaultTimes });
  }

  /** The oldest (or newest) matching entry still available, which uses it up once. */
  take(method: string, path: string, newestFirst = false): T | undefined {
    const entries = newestFirst ? [...this.entries].reverse() : this.entries;
    const entry = entries.find(
      (candidate) => candidate.remaining > 0 && matchesRequest(candidate.matcher, method, path),
    );
    if (!entry) {
      return undefined;
    }
    entry.remaining -= 1;
    this.entries = this.entries.filter((candidate) => candidate.remaining > 0);
    return entry.value;
  }

  clear(): void {
    this.entries = [];
  }
}

export class FaultRegistry {
  private readonly faults = new MatcherList<SimulatorFault>();
  private readonly latencies = new MatcherList<number>();

  injectFault(fault: SimulatorFault, matcher: FaultMatcher = {}): void {
    this.faults.add(fault, matcher, 1);
  }

  /** Without a matcher: replaces every latency (0 clears them); the newest match wins. */
  setLatency(ms: number, matcher?: FaultMatcher): void {
    if (!matcher) {
      this.latencies.clear();
    }
    if (ms > 0) {
      this.latencies.add(ms, matcher ?? {}, Infinity);
    }
  }

  takeFault(method: string, path: string): SimulatorFault | undefined {
    return this.faults.take(method, path);
  }

  takeLatency(method: string, path: string): number {
    return this.latencies.take(method, path, true) ?? 0;
  }

  clear(): void {
    this.faults.clear();
    this.latencies.clear();
  }
}

export interface HoldHandle {
  /** Resolves when the first matching request is parked. */
  arrived: Promise<void>;
  /** Lets parked requests continue and stops parking new ones. */
  release(): void;
}

/** Parks matching requests until the test releases them. */
class Hold implements HoldHandle {
  readonly arrived: Promise<void>;
  private remaining: number;
  private released = false;
  private parked: (() => void)[] = [];
  private signalArrival: () => void = () => undefined;

  constructor(readonly matcher: FaultMatcher) {
    this.remaining = matcher.times ?? 1;
    this.arrived = new Promise((resolve) => (this.signalArrival = resolve));
  }

  /** A promise to await when this hold takes the request, else undefined. */
  tryPark(method: string, path: string): Promise<void> | undefined {
    if (this.released || this.remaining <= 0 || !matchesRequest(this.matcher, method, path)) {
      return undefined;
    }
    this.remaining -= 1;
    const parked = new Promise<void>((resolve) => this.parked.push(resolve));
    this.signalArrival();
    return parked;
  }

  release = (): void => {
    this.released = true;
    this.parked.forEach((resume) => resume());
    this.parked = [];
  };
}

export class HoldRegistry {
  private holds: Hold[] = [];

  add(matcher: FaultMatcher): HoldHandle {
    const hold = new Hold(matcher);
    this.holds.push(hold);
    return hold;
  }

  park(method: string, path: string): Promise<void> | undefined {
    for (const hold of this.holds) {
      const parked = hold.tryPark(method, path);
      if (parked) {
        return parked;
      }
    }
    return undefined;
  }

  releaseAll(): void {
    this.holds.forEach((hold) => hold.release());
    this.holds = [];
  }
}
