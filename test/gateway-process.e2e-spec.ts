import { execFileSync } from 'node:child_process';
import { startGatewayProcesses } from './support/gateway-process';

jest.setTimeout(60_000);

/** Gateway processes this Jest worker started that are still running. */
function runningGateways(): string[] {
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)]);
  return children
    .toString()
    .split('\n')
    .filter((line) => line.includes('src/main.ts'));
}

describe('startGatewayProcesses (test support)', () => {
  it('stops the processes that started when another fails, then throws its failure', async () => {
    const failure = await startGatewayProcesses([
      { NODE_ENV: 'development' },
      { NODE_ENV: 'development', RATE_LIMIT_CLIENT_LIMIT: 'not a number' },
    ]).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('exited early');
    expect(runningGateways()).toEqual([]);
  });
});
