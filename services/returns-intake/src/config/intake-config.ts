/**
 * returns-intake's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { join } from 'node:path';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceEnvironment, days, readServiceEnvironment, type ServiceSettings } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { parseStuckThresholds, type StuckThresholds } from '../domain/stuck-returns';

/** Every variable the service reads, with its rule and default. */
export class IntakeEnvironment extends ServiceEnvironment {
  override HTTP_PORT = Services.returnsIntake.ports.http;
  override DATABASE_SCHEMA = Services.returnsIntake.schema;
  @IsInt() @Min(0) @Max(65535) GRPC_PORT = Services.returnsIntake.ports.grpc;
  @IsString() POLICY_FILE = join(__dirname, '../../policy/default-policy.json');
  /** Per waiting status, how long a return may rest before it counts as stuck: `awaiting_pickup=10d,inspected=36h`. */
  @IsString() STUCK_AFTER = '';
  /** How often the stuck-returns gauge is counted again, at most; scrapes in between read the last count. */
  @IsInt() @Min(0) @Max(3600) STUCK_GAUGE_REFRESH_SECONDS = 60;
  /**
   * How long an Idempotency-Key is remembered after its first use: a retry with it within this time
   * answers the same return (docs/returns-intake.md, Idempotency).
   */
  @IsInt() @Min(1) IDEMPOTENCY_KEY_RETENTION_DAYS = 30;
}

export interface IntakeConfig extends ServiceSettings {
  readonly grpcPort: number;
  readonly policyFile: string;
  readonly stuck: { readonly thresholds: StuckThresholds; readonly gaugeRefreshSeconds: number };
  readonly idempotencyKeyRetentionMs: number;
}

function stuckThresholdProblems(env: NodeJS.ProcessEnv): string[] {
  return parseStuckThresholds(env['STUCK_AFTER'] ?? '').problems.map((problem) => `STUCK_AFTER: ${problem}`);
}

export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const { parsed, settings } = readServiceEnvironment(Services.returnsIntake, IntakeEnvironment, env, [
    stuckThresholdProblems,
  ]);
  const { thresholds } = parseStuckThresholds(parsed.STUCK_AFTER);
  return {
    ...settings,
    grpcPort: parsed.GRPC_PORT,
    policyFile: parsed.POLICY_FILE,
    stuck: { thresholds, gaugeRefreshSeconds: parsed.STUCK_GAUGE_REFRESH_SECONDS },
    idempotencyKeyRetentionMs: days(parsed.IDEMPOTENCY_KEY_RETENTION_DAYS),
  };
}
