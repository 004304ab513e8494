import { startGateway } from './support/gateway-harness';

type LogLine = { level: number; msg?: string; context?: string };

/** The start-up lines that warn about a deprecated setting. */
async function deprecationLines(env: Record<string, string>): Promise<LogLine[]> {
  const gw = await startGateway({ env });
  try {
    return gw.logs.lines
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => /deprecated/.test(line.msg ?? ''));
  } finally {
    await gw.close();
  }
}

describe('Redis settings under their old names', () => {
  it('still start the gateway, with one deprecation warning naming them and their successors', async () => {
    const lines = await deprecationLines({
      RATE_LIMIT_REDIS_PREFIX: 'old-name:',
      RATE_LIMIT_REDIS_TIMEOUT_MS: '400',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, context: 'RedisConnection' });
    for (const name of [
      'RATE_LIMIT_REDIS_PREFIX',
      'RATE_LIMIT_REDIS_TIMEOUT_MS',
      'REDIS_KEY_PREFIX',
      'REDIS_COMMAND_TIMEOUT_MS',
    ]) {
      expect(lines[0].msg).toContain(name);
    }
    expect(lines[0].msg).not.toContain('old-name:');
  });

  it('say nothing under the new names', async () => {
    expect(
      await deprecationLines({ REDIS_KEY_PREFIX: 'new-name:', REDIS_COMMAND_TIMEOUT_MS: '400' }),
    ).toEqual([]);
  });
});
