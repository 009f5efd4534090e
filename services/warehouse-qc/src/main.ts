/** warehouse-qc's process entry: configuration from the environment, then serve until SIGTERM. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError } from '@rebound/kernel';
import { logStartFailure } from '@rebound/observability';
import { loadQcConfig } from './config/qc-config';
import { startQc } from './bootstrap';
import { InvalidGradingRulesError } from './domain/grading-rules';

async function main(): Promise<void> {
  const { httpUrl } = await startQc(loadQcConfig());
  new Logger('warehouse-qc').log(`REST on ${httpUrl} (OpenAPI at ${httpUrl}/docs)`);
}

main().catch((error: unknown) => {
  const known = error instanceof InvalidConfigError || error instanceof InvalidGradingRulesError;
  logStartFailure('warehouse-qc', known ? error.message : error);
  process.exit(1);
});
