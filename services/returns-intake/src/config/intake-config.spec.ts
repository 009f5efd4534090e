import { Services } from '@rebound/contracts';
import { ownEnvironmentVariables } from '@rebound/service';
import { InvalidConfigError } from '@rebound/kernel';
import { loadIntakeConfig, IntakeEnvironment } from './intake-config';

describe('loadIntakeConfig', () => {
  it('starts with the documented defaults on an empty environment', () => {
    expect(loadIntakeConfig({})).toMatchObject({
      httpPort: 3001,
      grpcPort: 50051,
      databaseUrl: 'postgres://rebound_returns:rebound@127.0.0.1:5432/rebound',
      databaseSchema: 'returns',
      migrateOnStart: true,
      kafka: { brokers: ['127.0.0.1:9092'] },
      kafkaTopicNamespace: undefined,
    });
  });

  it('reports every bad variable by name, with its value, in one error', () => {
    let error: InvalidConfigError | undefined;
    try {
      loadIntakeConfig({
        HTTP_PORT: 'eighty',
        GRPC_PORT: '70000',
        MIGRATE_ON_START: 'yes',
        DATABASE_URL: 'mysql://x',
        KAFKA_BROKERS: 'kafka',
        STUCK_AFTER: 'in_transit=5d,shipped=1d',
      });
    } catch (caught) {
      error = caught as InvalidConfigError;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const named = error!.problems.map((problem) => problem.split(/[=:]/)[0]);
    expect(named).toEqual(
      expect.arrayContaining(['HTTP_PORT', 'GRPC_PORT', 'MIGRATE_ON_START', 'DATABASE_URL', 'STUCK_AFTER']),
    );
    expect(error!.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('KAFKA_BROKERS entry "kafka" must be host:port')]),
    );
    expect(error!.message).toContain('HTTP_PORT="eighty"');
  });

  it('reads exactly the variables of its own that the service catalogue lists, so deployments set nothing it ignores', () => {
    expect(ownEnvironmentVariables(IntakeEnvironment)).toEqual([...Services.returnsIntake.environment].sort());
  });
});
