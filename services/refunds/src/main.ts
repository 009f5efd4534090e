/** refunds' process entry: configuration from the environment, then serve until SIGTERM. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError } from '@rebound/kernel';
import { logStartFailure } from '@rebound/observability';
import { startRefunds } from './bootstrap';
import { loadRefundsConfig } from './config/refunds-config';

async function main(): Promise<void> {
  const config = loadRefundsConfig();
  const { httpUrl } = await startRefunds(config);
  new Logger('refunds').log(
    `REST on ${httpUrl} (OpenAPI at ${httpUrl}/docs), paying through ${config.paymentProviderUrl}`,
  );
}

main().catch((error: unknown) => {
  logStartFailure('refunds', error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
