/** notifications' process entry: configuration from the environment, then serve until SIGTERM. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidConfigError } from '@rebound/kernel';
import { logStartFailure } from '@rebound/observability';
import { loadNotificationsConfig } from './config/notifications-config';
import { startNotifications } from './bootstrap';

async function main(): Promise<void> {
  const { httpUrl } = await startNotifications(loadNotificationsConfig());
  new Logger('notifications').log(`REST on ${httpUrl} (OpenAPI at ${httpUrl}/docs)`);
}

main().catch((error: unknown) => {
  logStartFailure('notifications', error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
