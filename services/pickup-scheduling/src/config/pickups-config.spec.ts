import { InvalidConfigError } from '@rebound/config';
import { loadPickupsConfig } from './pickups-config';

describe('loadPickupsConfig', () => {
  it('starts with the documented defaults on an empty environment', () => {
    expect(loadPickupsConfig({})).toMatchObject({
      httpPort: 3002,
      databaseSchema: 'pickups',
      kafkaBrokers: ['127.0.0.1:9092'],
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
});
