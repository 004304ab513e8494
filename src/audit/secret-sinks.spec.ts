import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { secretCorpus } from '../../test/support/secret-corpus';
import { TestClock } from '../../test/support/test-clock';
import { LOG_SCRUBBING } from '../logging/log-scrubbing';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import type { JsonValue } from '../common/json/json-value';
import { AuditLogService } from './audit-log.service';
import { AuditStateDigest } from './audit-state-digest';
import { SqliteAuditStore } from './stores/sqlite-audit.store';

/** The log sink as the gateway configures it: a pino logger with the same scrubbing options. */
function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ ...LOG_SCRUBBING, level: 'info' }, stream);
  return { logger, lines };
}

const lastLine = (lines: string[]) => JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;

describe('one secrets policy: the corpus through the log sink and the audit sink', () => {
  let dir: string;
  let store: SqliteAuditStore;
  let audit: AuditLogService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'secret-sinks-'));
    store = new SqliteAuditStore(join(dir, 'audit.db'));
    await store.init();
    const metrics = new GatewayMetrics();
    audit = new AuditLogService(
      store,
      metrics,
      new AuditStateDigest(randomBytes(32)),
      new TestClock(),
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the audit store holds for `value` as a patch and as a change's `from`. */
  async function throughAudit(value: JsonValue) {
    const id = await audit.beginPending({
      requestId: 'r',
      clientId: 'c',
      actor: { type: 'client', id: 'c' },
      syncId: 1,
      patch: value,
      before: null,
      after: null,
      changes: [{ path: 'configuration', from: value, to: null }],
    });
    const stored = await store.findPendingBefore(new Date(Date.now() + 60_000).toISOString());
    const record = stored.find((r) => r.id === id);
    return { patch: record?.patch, change: record?.changes[0]?.from };
  }

  describe.each(secretCorpus())('$name', ({ secrets, value }) => {
    it('comes out of both sinks identical and clean', async () => {
      const { logger, lines } = logSink();
      logger.info({ corpus: value }, 'corpus entry');
      const logged = lastLine(lines).corpus;
      const stored = await throughAudit(value as JsonValue);

      expect(stored.patch).toEqual(logged);
      expect(stored.change).toEqual(logged);
      const output = JSON.stringify([lines, stored]);
      for (const secret of secrets) {
        expect(output).not.toContain(secret);
      }
    });

    it('is masked in message text too (a JSON dump in a message, an error message)', () => {
      const { logger, lines } = logSink();
      logger.warn(JSON.stringify(value));
      logger.error(new Error(`upstream said ${JSON.stringify(value)}`), 'failed');
      const output = lines.join('\n');
      for (const secret of secrets) {
        expect(output).not.toContain(secret);
      }
    });
  });

  it('keeps what is not secret, so the check above is not won by erasing everything', async () => {
    const value = {
      email: 'svc@example.com',
      host: 'warehouse.internal',
      url: 'https://api.squared.ai/api/v1/syncs/42',
      note: 'Squared answered 502; retrying',
    };
    const { logger, lines } = logSink();
    logger.info({ corpus: value });
    expect(lastLine(lines).corpus).toEqual(value);
    expect((await throughAudit(value)).patch).toEqual(value);
  });
});
