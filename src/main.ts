import { createGatewayApp } from './app.factory';
import { ConfigurationError, loadGatewayConfig } from './config/gateway-config';

async function bootstrap(): Promise<void> {
  const config = loadOrExit();
  const app = await createGatewayApp(config);
  await app.listen(config.port, config.host);
}

function loadOrExit() {
  try {
    return loadGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void bootstrap();
