/**
 * One notifications per test file (`useServiceWorld`: real Postgres and real Kafka, a schema and a
 * topic namespace of its own), allowed to call receivers on 127.0.0.1, retrying fast and giving up
 * after a few seconds so that a failing receiver's whole story fits in a test. Tests play the other
 * services with `publish`, and merchants' receivers with TestReceiver.
 */
import { Services } from '@rebound/contracts';
import { useServiceWorld, type ServiceWorld } from '@rebound/testing';
import { startNotifications, type NotificationsApplication } from '../../src/bootstrap';
import { loadNotificationsConfig } from '../../src/config/notifications-config';

export type NotificationsWorld = ServiceWorld<NotificationsApplication>;

export function useNotificationsWorld(prefix: string, env: Record<string, string> = {}): () => NotificationsWorld {
  return useServiceWorld({
    prefix,
    service: Services.notifications,
    env: {
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_INTERVAL_MS: '20',
      WEBHOOK_RETRY_INITIAL_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '400',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_LEASE_MS: '5000',
      ...env,
    },
    load: loadNotificationsConfig,
    start: (config) => startNotifications(config, { logger: false }),
  });
}
