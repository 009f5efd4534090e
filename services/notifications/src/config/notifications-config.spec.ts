import { Services } from '@rebound/contracts';
import { InvalidConfigError } from '@rebound/kernel';
import { ownEnvironmentVariables } from '@rebound/service';
import { NotificationsEnvironment, loadNotificationsConfig } from './notifications-config';

describe('loadNotificationsConfig', () => {
  it('starts with the documented defaults on an empty environment: only public destinations, three days of retries', () => {
    const config = loadNotificationsConfig({});

    expect(config).toMatchObject({
      httpPort: 3006,
      databaseSchema: 'notifications',
      webhookTimeoutMs: 10_000,
      retryPeriodMs: 72 * 3_600_000,
      secretOverlapMs: 24 * 3_600_000,
    });
    expect([...config.allowedHosts]).toEqual([]);
    expect(config.webhookSecretsKey).toHaveLength(32);
  });

  it('reads the allow-list as lower-case hosts, brackets of IPv6 addresses dropped', () => {
    const config = loadNotificationsConfig({ WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, Merchant-Sim ,[::1],' });

    expect([...config.allowedHosts]).toEqual(['127.0.0.1', 'merchant-sim', '::1']);
  });

  it('refuses the public development key in production, and a lease no longer than a call', () => {
    expect(() => loadNotificationsConfig({ NODE_ENV: 'production' })).toThrow(InvalidConfigError);
    try {
      loadNotificationsConfig({ NODE_ENV: 'production', WEBHOOK_TIMEOUT_MS: '5000', WEBHOOK_LEASE_MS: '5000' });
    } catch (error) {
      expect((error as InvalidConfigError).problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^WEBHOOK_SECRETS_KEY: must be set to a key of its own in production/),
          'WEBHOOK_LEASE_MS must be longer than WEBHOOK_TIMEOUT_MS',
        ]),
      );
    }
  });

  it('reads exactly the variables of its own that the service catalogue lists, so deployments set nothing it ignores', () => {
    expect(ownEnvironmentVariables(NotificationsEnvironment)).toEqual([...Services.notifications.environment].sort());
  });
});
