import { Services } from '@rebound/contracts';
import { ownEnvironmentVariables } from '@rebound/service';
import { InvalidConfigError } from '@rebound/kernel';
import { DEVELOPMENT_PARTNER_SECRETS_KEY, loadPickupsConfig, PickupsEnvironment } from './pickups-config';

describe('loadPickupsConfig', () => {
  it('starts with the documented defaults on an empty environment', () => {
    expect(loadPickupsConfig({})).toMatchObject({
      httpPort: 3002,
      databaseSchema: 'pickups',
      kafka: { brokers: ['127.0.0.1:9092'] },
      webhookToleranceSeconds: 300,
      bookingGraceHours: 24,
      rebookHorizonDays: 14,
      expirySweepIntervalMs: 60_000,
      partnerTopicPartitions: 6,
    });
  });

  it('reports every bad variable by name, with its value, in one error', () => {
    let error: unknown;
    try {
      loadPickupsConfig({ HTTP_PORT: 'web', WEBHOOK_TOLERANCE_SECONDS: '0', KAFKA_BROKERS: 'kafka' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems.join('\n');
    expect(problems).toContain('HTTP_PORT="web"');
    expect(problems).toContain('WEBHOOK_TOLERANCE_SECONDS="0": must be an integer from 1 to 3600');
    expect(problems).toContain('KAFKA_BROKERS entry "kafka" must be host:port');
  });

  it('seals partners’ secrets with the development key locally, and refuses to start with it in production', () => {
    expect(loadPickupsConfig({}).partnerSecretsKey).toEqual(Buffer.from(DEVELOPMENT_PARTNER_SECRETS_KEY, 'base64'));
    expect(() => loadPickupsConfig({ NODE_ENV: 'production' })).toThrow(
      'PARTNER_SECRETS_KEY: must be set to a key of its own in production; the development key is public',
    );
    const own = Buffer.alloc(32, 9).toString('base64');
    expect(loadPickupsConfig({ NODE_ENV: 'production', PARTNER_SECRETS_KEY: own }).partnerSecretsKey).toEqual(
      Buffer.alloc(32, 9),
    );
  });

  it('refuses a PARTNER_SECRETS_KEY that is not 32 bytes in base64', () => {
    expect(() => loadPickupsConfig({ PARTNER_SECRETS_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      'PARTNER_SECRETS_KEY="AAAAAAAAAAAAAAAAAAAAAA==": must be a string matching',
    );
  });

  it('reads exactly the variables of its own that the service catalogue lists, so deployments set nothing it ignores', () => {
    expect(ownEnvironmentVariables(PickupsEnvironment)).toEqual([...Services.pickupScheduling.environment].sort());
  });
});
