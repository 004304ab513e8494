import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { createGatewayApp } from './app.factory';
import { loadDotEnv } from './config/dot-env';
import { ConfigurationError } from './config/configuration.error';
import { GatewayConfig, loadGatewayConfig } from './config/gateway-config';
import { withDevelopmentIdentity } from './identity/development-identity';

/** In-flight requests get this long to finish (and complete their audit records) after SIGTERM. */
const SHUTDOWN_GRACE_MS = 15_000;

async function bootstrap(): Promise<void> {
  const { config, idp } = await withDevelopmentIdentity(loadOrExit(), (text) =>
    process.stdout.write(`${text}\n`),
  );
  const app = await createGatewayApp(config);
  exitGracefullyOn(['SIGTERM', 'SIGINT'], app, () => idp?.close());
  await listenOrExit(app, config);
  app.get(Logger).log(`listening on ${await app.getUrl()}`, 'Gateway');
}

/** A taken port is a one-line message naming the setting, not a stack trace. */
async function listenOrExit(app: INestApplication, config: GatewayConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
      process.stderr.write(
        `Port ${config.port} on ${config.host} ${why}: stop what holds it, or set PORT to another port.\n`,
      );
      process.exit(1);
    }
    throw error;
  }
}

function loadOrExit(): GatewayConfig {
  try {
    loadDotEnv();
    return loadGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Stop accepting, let in-flight requests finish, close stores and connections (Nest's shutdown hooks),
 * then exit 0; exit 1 if that takes longer than the grace period. Nest's own `enableShutdownHooks`
 * re-raises the signal after closing, which ends the process by signal rather than with status 0.
 */
function exitGracefullyOn(
  signals: NodeJS.Signals[],
  app: INestApplication,
  afterwards: () => Promise<void> | undefined,
): void {
  const shutdown = async () => {
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await afterwards();
    process.exit(0);
  };
  for (const signal of signals) {
    process.once(signal, () => void shutdown());
  }
}

void bootstrap();
