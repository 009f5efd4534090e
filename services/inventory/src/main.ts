/** inventory's process entry: configuration from the environment, then serve until SIGTERM. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError } from '@rebound/kernel';
import { logStartFailure } from '@rebound/observability';
import { startInventory } from './bootstrap';
import { loadInventoryConfig } from './config/inventory-config';

async function main(): Promise<void> {
  const { httpUrl, grpcAddress } = await startInventory(loadInventoryConfig());
  new Logger('inventory').log(`REST on ${httpUrl} (OpenAPI at ${httpUrl}/docs), gRPC on ${grpcAddress}`);
}

main().catch((error: unknown) => {
  logStartFailure('inventory', error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
