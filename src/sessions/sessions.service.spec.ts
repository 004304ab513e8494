import { ManualClock } from '../../test/support/test-clock';
import type { SessionConfig } from '../config/identity-config';
import { MemoryEphemeralStore } from './memory-ephemeral.store';
import { Sessions } from './sessions.service';

const MINUTE = 60_000;
const config = { idleMs: 30 * MINUTE, maxMs: 8 * 60 * MINUTE } as SessionConfig;

describe('Sessions', () => {
  const clock = new ManualClock();
  const store = new MemoryEphemeralStore(clock);
  const sessions = new Sessions(store, config, clock);
  const start = () => sessions.start({ sub: 'alice', scopes: ['syncs:read'] });

  it('gives every sign-in a new random id', async () => {
    const [a, b] = [await start(), await start()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('keeps a session in use, and ends it after the idle timeout', async () => {
    const id = await start();
    clock.time += 29 * MINUTE;
    expect((await sessions.resume(id))?.sub).toBe('alice');
    clock.time += 29 * MINUTE;
    expect(await sessions.resume(id)).toBeDefined();
    clock.time += 30 * MINUTE;
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('ends a session at the absolute timeout however busy', async () => {
    const id = await start();
    for (let elapsed = 0; elapsed < 8 * 60 - 10; elapsed += 10) {
      clock.time += 10 * MINUTE;
      expect(await sessions.resume(id)).toBeDefined();
    }
    clock.time += 10 * MINUTE;
    expect(await sessions.resume(id)).toBeUndefined();
  });

  it('ends a session on sign-out, once', async () => {
    const id = await start();
    expect((await sessions.end(id))?.sub).toBe('alice');
    expect(await sessions.end(id)).toBeUndefined();
    expect(await sessions.resume(id)).toBeUndefined();
  });
});
