import { SquaredSimulator } from './squared-simulator';
import type { SimulatorOptions } from './simulator.types';

const DEFAULT_PORT = 4010;

/** `SIMULATOR_USERS=email:password,email2:password2` */
export function parseUsers(spec: string | undefined): { email: string; password: string }[] {
  return (spec ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.includes(':'))
    .map((entry) => {
      const separator = entry.indexOf(':');
      return { email: entry.slice(0, separator), password: entry.slice(separator + 1) };
    });
}

export function optionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  return {
    port: env.SIMULATOR_PORT ? Number(env.SIMULATOR_PORT) : DEFAULT_PORT,
    host: env.SIMULATOR_HOST || '127.0.0.1',
  };
}

export async function runStandalone(
  env: NodeJS.ProcessEnv = process.env,
): Promise<SquaredSimulator> {
  const simulator = await SquaredSimulator.start(optionsFromEnv(env));
  if (env.SIMULATOR_TOKEN) {
    simulator.addStaticToken(env.SIMULATOR_TOKEN, { role: 'admin' });
  }
  for (const user of parseUsers(env.SIMULATOR_USERS)) {
    simulator.addUser(user.email, user.password);
  }
  const shutdown = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  return simulator;
}

if (require.main === module) {
  runStandalone().catch((error: unknown) => {
    process.stderr.write(`simulator failed to start: ${String(error)}\n`);
    process.exit(1);
  });
}
