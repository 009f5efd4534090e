/** pickup-scheduling's process entry: configuration from the environment, then serve until SIGTERM. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError } from '@rebound/kernel';
import { logStartFailure } from '@rebound/observability';
import { loadPickupsConfig } from './config/pickups-config';
import { startPickups } from './bootstrap';

async function main(): Promise<void> {
  const { httpUrl } = await startPickups(loadPickupsConfig());
  new Logger('pickup-scheduling').log(`REST on ${httpUrl} (OpenAPI at ${httpUrl}/docs)`);
}

main().catch((error: unknown) => {
  logStartFailure('pickup-scheduling', error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
