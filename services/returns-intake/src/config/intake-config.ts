/**
 * returns-intake's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { join } from 'node:path';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Services } from '@rebound/contracts';
import { ServiceEnvironment, days, readServiceEnvironment, type ServiceSettings } from '@rebound/messaging/nest';

/** Every variable the service reads, with its rule and default. */
export class IntakeEnvironment extends ServiceEnvironment {
  override HTTP_PORT = 3001;
  override DATABASE_SCHEMA = Services.returnsIntake.schema;
  @IsInt() @Min(0) @Max(65535) GRPC_PORT = 50051;
  @IsString() POLICY_FILE = join(__dirname, '../../policy/default-policy.json');
  /**
   * How long an Idempotency-Key is remembered after its first use: a retry with it within this time
   * answers the same return (docs/returns-intake.md, Idempotency).
   */
  @IsInt() @Min(1) IDEMPOTENCY_KEY_RETENTION_DAYS = 30;
}

export interface IntakeConfig extends ServiceSettings {
  readonly grpcPort: number;
  readonly policyFile: string;
  readonly idempotencyKeyRetentionMs: number;
}

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const { parsed, settings } = readServiceEnvironment(Services.returnsIntake, IntakeEnvironment, env);
  return {
    ...settings,
    grpcPort: parsed.GRPC_PORT,
    policyFile: parsed.POLICY_FILE,
    idempotencyKeyRetentionMs: days(parsed.IDEMPOTENCY_KEY_RETENTION_DAYS),
  };
}
