/** returns-intake's process entry: configuration from the environment, then serve until SIGTERM. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError } from '@rebound/kernel';
import { logStartFailure } from '@rebound/observability';
import { loadIntakeConfig } from './config/intake-config';
import { startIntake } from './bootstrap';

async function main(): Promise<void> {
  const config = loadIntakeConfig();
  const { httpUrl, grpcAddress } = await startIntake(config);
  new Logger('returns-intake').log(`REST on ${httpUrl} (OpenAPI at ${httpUrl}/docs), gRPC on ${grpcAddress}`);
}

main().catch((error: unknown) => {
  logStartFailure('returns-intake', error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
