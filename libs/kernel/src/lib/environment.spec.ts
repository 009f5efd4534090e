import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { InvalidConfigError, environmentVariables, readEnvironment } from './environment';

class ExampleEnvironment {
  @IsInt() @Min(0) @Max(65535) HTTP_PORT = 3000;
  @IsBoolean() MIGRATE_ON_START = true;
  @IsIn(['info', 'debug']) LOG_LEVEL = 'info';
  @IsOptional() @IsString() KAFKA_TOPIC_NAMESPACE?: string;
}

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readEnvironment('example', ExampleEnvironment, env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('readEnvironment', () => {
  it('starts from the defaults, and treats an empty variable as unset', () => {
    const config = readEnvironment('example', ExampleEnvironment, { LOG_LEVEL: '' });
    expect(config).toEqual(expect.objectContaining({ HTTP_PORT: 3000, MIGRATE_ON_START: true, LOG_LEVEL: 'info' }));
    expect(config.KAFKA_TOPIC_NAMESPACE).toBeUndefined();
  });

  it('reads numbers, booleans and optional text from their strings', () => {
    const config = readEnvironment('example', ExampleEnvironment, {
      HTTP_PORT: '8080',
      MIGRATE_ON_START: 'false',
      KAFKA_TOPIC_NAMESPACE: 'it-1',
    });
    expect(config).toEqual(
      expect.objectContaining({ HTTP_PORT: 8080, MIGRATE_ON_START: false, KAFKA_TOPIC_NAMESPACE: 'it-1' }),
    );
  });

  it('names every bad variable with its value in one error, the extra checks included', () => {
    const env = { HTTP_PORT: 'eighty', MIGRATE_ON_START: 'yes', LOG_LEVEL: 'loud' };
    expect(problemsOf(env)).toEqual([
      'HTTP_PORT="eighty": must be an integer from 0 to 65535',
      'LOG_LEVEL="loud": must be one of: info, debug',
      'MIGRATE_ON_START="yes": must be true or false',
    ]);
    const check = () => ['KAFKA_BROKERS must be host:port'];
    expect(() => readEnvironment('example', ExampleEnvironment, {}, [check])).toThrow(
      'example configuration is invalid:\n  - KAFKA_BROKERS must be host:port',
    );
  });
});

describe('environmentVariables', () => {
  it('lists the variables a schema reads, those of its base class included', () => {
    class ExtendedEnvironment extends ExampleEnvironment {
      @IsString() POLICY_FILE = 'policy.json';
    }
    expect(environmentVariables(ExtendedEnvironment)).toEqual([
      'HTTP_PORT',
      'KAFKA_TOPIC_NAMESPACE',
      'LOG_LEVEL',
      'MIGRATE_ON_START',
      'POLICY_FILE',
    ]);
  });
});
