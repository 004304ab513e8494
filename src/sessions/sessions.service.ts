import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import type { SessionConfig } from '../config/identity-config';
import { EphemeralStore } from './ephemeral.store';
import type { SessionRecord } from './session-record';

/** A session's last use is written back at most this often (not once per request). */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Browser sessions with an idle timeout (`SESSION_IDLE_MS` without use) and an absolute one
 * (`SESSION_MAX_MS` after sign-in), both judged by the injected clock on every use.
 */
export class Sessions {
  constructor(
    private readonly store: EphemeralStore,
    private readonly config: SessionConfig,
    private readonly clock: Clock,
  ) {}

  /** A new session (always a new id: no fixation); answers the id for the cookie. */
  async start(record: Omit<SessionRecord, 'createdAt' | 'lastSeenAt'>): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.save(id, { ...record, createdAt: now, lastSeenAt: now });
    return id;
  }

  /** The live session `id` names, its last use moved to now; undefined when it ended or never was. */
  async resume(id: string): Promise<SessionRecord | undefined> {
    const record = await this.store.get<SessionRecord>(key(id));
    if (!record) {
      return undefined;
    }
    const now = this.clock.now();
    if (now - record.lastSeenAt >= this.config.idleMs || now >= this.endsAt(record)) {
      await this.store.delete(key(id));
      return undefined;
    }
    if (now - record.lastSeenAt >= Math.min(TOUCH_INTERVAL_MS, this.config.idleMs / 10)) {
      await this.save(id, { ...record, lastSeenAt: now });
    }
    return record;
  }

  /** Ends the session; answers what it held (for the IdP logout), if it was live. */
  async end(id: string): Promise<SessionRecord | undefined> {
    return this.store.take<SessionRecord>(key(id));
  }

  private save(id: string, record: SessionRecord): Promise<void> {
    const ttl = Math.min(record.lastSeenAt + this.config.idleMs, this.endsAt(record));
    return this.store.put(key(id), record, ttl - this.clock.now());
  }

  private endsAt(record: SessionRecord): number {
    return record.createdAt + this.config.maxMs;
  }
}

const key = (id: string) => `session ${id}`;
