/**
 * returns-intake's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { join } from 'node:path';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { readEnvironment } from '@rebound/config';
import { Services } from '@rebound/contracts';
import { kafkaBrokerProblems, kafkaBrokers } from '@rebound/messaging';
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

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const service = Services.returnsIntake;
  const parsed = readEnvironment(service.name, IntakeEnvironment, env, [kafkaBrokerProblems]);
  return {
    httpPort: parsed.HTTP_PORT,
    grpcPort: parsed.GRPC_PORT,
    host: parsed.HOST,
    databaseUrl: serviceDatabaseUrl(service.databaseRole, env),
    databaseSchema: parsed.DATABASE_SCHEMA,
    migrateOnStart: parsed.MIGRATE_ON_START,
    kafkaBrokers: kafkaBrokers(env),
    kafkaTopicNamespace: parsed.KAFKA_TOPIC_NAMESPACE,
    policyFile: parsed.POLICY_FILE,
    logLevel: parsed.LOG_LEVEL,
  };
}
