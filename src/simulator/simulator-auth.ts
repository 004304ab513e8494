import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { AccountLock } from './simulator-lockable';
import type { SimulatorClock } from './simulator-state';
import type { SimulatorRole } from './simulator.types';

export const DEFAULT_TOKEN_TTL_MS = 30 * 60 * 1000;

/** Who a bearer token belongs to. */
export interface Principal {
  role: SimulatorRole;
  /** Undefined: member of every workspace. */
  workspaceIds?: number[];
  email?: string;
  token: string;
}

export interface UserOptions {
  role?: SimulatorRole;
  /** Workspaces the user is a member of; every workspace by default. */
  workspaceIds?: number[];
}

interface User {
  password: string;
  role: SimulatorRole;
  workspaceIds?: number[];
  /** devise-jwt's JTIMatcher: only tokens carrying the current jti are valid. */
  currentJti: string;
  logins: number;
  lock: AccountLock;
}

/** A login's outcome: a token, or why Squared refused it (both refusals are a 401). */
export type LoginResult = { token: string } | { refused: 'invalid' | 'locked' };

interface IssuedToken {
  email: string;
  jti: string;
  expiresAt: number;
}

function base64Url(value: object | Buffer): string {
  const buffer = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value));
  return buffer.toString('base64url');
}

/** Static tokens and service-account users (squared-api.md section 2). */
export class SimulatorAuth {
  private readonly staticTokens = new Map<string, SimulatorRole>();
  private readonly users = new Map<string, User>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly signingKey = randomBytes(32);

  constructor(
    private readonly clock: SimulatorClock,
    private readonly tokenTtlMs = DEFAULT_TOKEN_TTL_MS,
  ) {}

  addStaticToken(token: string, role: SimulatorRole = 'admin'): void {
    this.staticTokens.set(token, role);
  }

  removeStaticToken(token: string): void {
    this.staticTokens.delete(token);
  }

  /** Emails are kept and matched exactly as given: Squared's login runs `User.find_by(email:)`. */
  addUser(email: string, password: string, options: UserOptions = {}): void {
    this.users.set(email, {
      password,
      role: options.role ?? 'admin',
      workspaceIds: options.workspaceIds,
      currentJti: randomUUID(),
      logins: 0,
      lock: new AccountLock(() => this.clock.now()),
    });
  }

  /**
   * A new token for valid credentials, unless the account is locked; it revokes every older token
   * of the user. The email is matched exactly: no trimming, no case folding.
   */
  login(email: unknown, password: unknown): LoginResult {
    const user = typeof email === 'string' ? this.users.get(email) : undefined;
    if (!user) {
      return { refused: 'invalid' };
    }
    if (user.lock.isLocked()) {
      return { refused: 'locked' };
    }
    if (typeof password !== 'string' || user.password !== password) {
      user.lock.recordFailure();
      return { refused: user.lock.isLocked() ? 'locked' : 'invalid' };
    }
    user.lock.recordSuccess();
    return { token: this.issueToken(email as string, user) };
  }

  /** Failed logins since the last successful one, and whether the account is locked now. */
  lockState(email: string): { failedAttempts: number; locked: boolean } {
    const lock = this.users.get(email)?.lock;
    return { failedAttempts: lock?.failedAttempts ?? 0, locked: lock?.isLocked() ?? false };
  }

  private issueToken(email: string, user: User): string {
    user.currentJti = randomUUID();
    user.logins += 1;
    const token = this.signToken(email, user.currentJti);
    this.issued.set(token, {
      email,
      jti: user.currentJti,
      expiresAt: this.clock.now() + this.tokenTtlMs,
    });
    return token;
  }

  authenticate(authorization: string | undefined): Principal | undefined {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) {
      return undefined;
    }
    const staticRole = this.staticTokens.get(token);
    if (staticRole) {
      return { role: staticRole, token };
    }
    return this.authenticateIssued(token);
  }

  /** Logout: a user's token stops working; a static token is left alone. */
  logout(principal: Principal): void {
    if (principal.email) {
      this.revokeTokensOf(principal.email);
    }
  }

  revokeTokensOf(email: string): void {
    const user = this.users.get(email);
    if (user) {
      user.currentJti = randomUUID();
    }
  }

  loginCount(email?: string): number {
    if (email !== undefined) {
      return this.users.get(email)?.logins ?? 0;
    }
    return [...this.users.values()].reduce((total, user) => total + user.logins, 0);
  }

  private authenticateIssued(token: string): Principal | undefined {
    const issued = this.issued.get(token);
    const user = issued && this.users.get(issued.email);
    if (!issued || !user || issued.jti !== user.currentJti) {
      return undefined;
    }
    if (this.clock.now() >= issued.expiresAt) {
      return undefined;
    }
    return { role: user.role, workspaceIds: user.workspaceIds, email: issued.email, token };
  }

  private signToken(email: string, jti: string): string {
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const header = base64Url({ alg: 'HS256', typ: 'JWT' });
    const payload = base64Url({
      sub: email,
      scp: 'user',
      aud: null,
      iat: issuedAt,
      exp: issuedAt + Math.floor(this.tokenTtlMs / 1000),
      jti,
    });
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`);
    return `${header}.${payload}.${base64Url(signature.digest())}`;
  }
}

export function canUpdateSyncs(principal: Principal): boolean {
  return principal.role !== 'viewer';
}

export function isWorkspaceMember(principal: Principal, workspaceId: number): boolean {
  return principal.workspaceIds === undefined || principal.workspaceIds.includes(workspaceId);
}
