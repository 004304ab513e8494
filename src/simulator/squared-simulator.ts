import { SimulatorAuth, type UserOptions } from './simulator-auth';
import { DEFAULT_WORKSPACE_ID } from './simulator-fixtures';
import { matchesRequest, type HoldHandle } from './simulator-faults';
import { SimulatorRouter } from './simulator-router';
import { SimulatorServer } from './simulator-server';
import { SimulatorClock, SimulatorState } from './simulator-state';
import type {
  FaultMatcher,
  RecordedRequest,
  SimulatorFault,
  SimulatorOptions,
  SimulatorRole,
  StoredSync,
} from './simulator.types';

/** An in-memory Squared "syncs" API over real HTTP (squared-api.md), with test controls. */
export class SquaredSimulator {
  readonly workspaceId = DEFAULT_WORKSPACE_ID;
  private readonly clock: SimulatorClock;
  private readonly state: SimulatorState;
  private readonly auth: SimulatorAuth;
  private readonly router: SimulatorRouter;
  private readonly server: SimulatorServer;
  private baseUrl = '';

  private constructor(options: SimulatorOptions) {
    this.clock = new SimulatorClock(options.now);
    this.state = new SimulatorState(this.clock);
    this.auth = new SimulatorAuth(this.clock, options.tokenTtlMs);
    const context = { state: this.state, auth: this.auth };
    this.router = new SimulatorRouter(context, options.requestsPerMinute);
    this.server = new SimulatorServer(this.router, this.clock);
  }

  static async start(options: SimulatorOptions = {}): Promise<SquaredSimulator> {
    const simulator = new SquaredSimulator(options);
    simulator.baseUrl = await simulator.server.listen(
      options.port ?? 0,
      options.host ?? '127.0.0.1',
    );
    return simulator;
  }

  get url(): string {
    return this.baseUrl;
  }

  get requests(): RecordedRequest[] {
    return this.server.recorded;
  }

  get inFlight(): number {
    return this.server.inFlight;
  }

  get maxInFlight(): number {
    return this.server.maxInFlight;
  }

  resetMaxInFlight(): void {
    this.server.resetMaxInFlight();
  }

  /**
   * Resolves once no request is in flight. A client can hold its answer (or have given up)
   * before the server side of the exchange closes, so counts read right after are not yet final.
   */
  whenIdle(): Promise<void> {
    return this.server.whenIdle();
  }

  /** Stops listening; drops parked, delayed and hanging requests; leaves no handle open. */
  close(): Promise<void> {
    return this.server.close();
  }

  /** Fixtures back; requests, faults, holds, latency and throttles cleared; tokens and users kept. */
  reset(): void {
    this.state.reset();
    this.server.faults.clear();
    this.server.holds.releaseAll();
    this.router.reset();
    this.clearRequests();
  }

  addStaticToken(token: string, options: { role?: SimulatorRole } = {}): void {
    this.auth.addStaticToken(token, options.role);
  }

  removeStaticToken(token: string): void {
    this.auth.removeStaticToken(token);
  }

  addUser(email: string, password: string, options: UserOptions = {}): void {
    this.auth.addUser(email, password, options);
  }

  loginCount(email?: string): number {
    return this.auth.loginCount(email);
  }

  /** For lockout tests: failed logins since the last successful one, and whether it is locked. */
  loginLockState(email: string): { failedAttempts: number; locked: boolean } {
    return this.auth.lockState(email);
  }

  revokeTokensOf(email: string): void {
    this.auth.revokeTokensOf(email);
  }

  advanceClock(ms: number): void {
    this.clock.advance(ms);
  }

  now(): number {
    return this.clock.now();
  }

  createSync(attributes: Partial<Omit<StoredSync, 'id'>> = {}, workspaceId?: number): number {
    return this.state.createSync(
      attributes,
      workspaceId ?? attributes.workspace_id ?? this.workspaceId,
    );
  }

  getSync(id: number): StoredSync | undefined {
    return this.state.getSync(id);
  }

  /** A write from outside the API (the Squared UI): stored as given, without validation. */
  updateSyncDirectly(id: number, attributes: Record<string, unknown>): void {
    this.state.writeSync(id, attributes as Partial<StoredSync>);
  }

  /** Soft-deletes a sync, after which the API answers 404 for it. */
  deleteSync(id: number): void {
    this.state.discardSync(id);
  }

  requestsMatching(method: string, path?: RegExp | string): RecordedRequest[] {
    return this.server.recorded.filter((record) =>
      matchesRequest({ method, path }, record.method, record.path),
    );
  }

  clearRequests(): void {
    this.server.recorded.splice(0, this.server.recorded.length);
  }

  /** Delays matching requests before they are handled; without a matcher it replaces all. */
  setLatency(ms: number, matcher?: FaultMatcher): void {
    this.server.faults.setLatency(ms, matcher);
  }

  injectFault(fault: SimulatorFault, matcher?: FaultMatcher): void {
    this.server.faults.injectFault(fault, matcher);
  }

  hold(matcher: FaultMatcher): HoldHandle {
    return this.server.holds.add(matcher);
  }
}
