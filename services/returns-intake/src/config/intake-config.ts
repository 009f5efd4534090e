/**
 * returns-intake's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Services } from '@rebound/contracts';
import { kafkaBrokers } from '@rebound/messaging';
import { serviceDatabaseUrl } from '@rebound/persistence';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class IntakeEnvironment {
  @IsInt() @Min(0) @Max(65535) HTTP_PORT = 3001;
  @IsInt() @Min(0) @Max(65535) GRPC_PORT = 50051;
  @IsString() HOST = '0.0.0.0';
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  @IsOptional()
  DATABASE_URL?: string;
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/) DATABASE_SCHEMA: string = Services.returnsIntake.schema;
  @IsBoolean() MIGRATE_ON_START = true;
  @IsString() KAFKA_BROKERS = '';
  @IsOptional() @IsString() KAFKA_TOPIC_NAMESPACE?: string;
  @IsString() POLICY_FILE = join(__dirname, '../../policy/default-policy.json');
  @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

export interface IntakeConfig {
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly migrateOnStart: boolean;
  readonly kafkaBrokers: string[];
  readonly kafkaTopicNamespace?: string;
  readonly policyFile: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`returns-intake configuration is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigError';
  }
}

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const given = Object.fromEntries(
    Object.keys(new IntakeEnvironment())
      .concat(['DATABASE_URL', 'KAFKA_TOPIC_NAMESPACE'])
      .flatMap((key) => {
        const value = env[key];
        return value ? [[key, coerce(key, value)]] : [];
      }),
  );
  const parsed = plainToInstance(IntakeEnvironment, given);
  const problems = validateSync(parsed).flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}=${JSON.stringify(env[error.property])}: ${message}`,
    ),
  );
  let brokers: string[] = [];
  try {
    brokers = kafkaBrokers(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  const service = Services.returnsIntake;
  return {
    httpPort: parsed.HTTP_PORT,
    grpcPort: parsed.GRPC_PORT,
    host: parsed.HOST,
    databaseUrl: serviceDatabaseUrl(service.databaseRole, env),
    databaseSchema: parsed.DATABASE_SCHEMA,
    migrateOnStart: parsed.MIGRATE_ON_START,
    kafkaBrokers: brokers,
    kafkaTopicNamespace: parsed.KAFKA_TOPIC_NAMESPACE,
    policyFile: parsed.POLICY_FILE,
    logLevel: parsed.LOG_LEVEL,
  };
}

/** Numbers and booleans arrive as strings; anything that is not clearly one stays a string and fails validation. */
function coerce(key: string, value: string): unknown {
  if (['HTTP_PORT', 'GRPC_PORT'].includes(key) && /^\d+$/.test(value)) return Number(value);
  if (key === 'MIGRATE_ON_START' && ['true', 'false'].includes(value)) return value === 'true';
  return value;
}
