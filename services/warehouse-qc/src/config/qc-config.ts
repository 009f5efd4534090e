/**
 * warehouse-qc's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { join } from 'node:path';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceEnvironment, readServiceEnvironment, type ServiceSettings } from '@rebound/service';
import { Services } from '@rebound/contracts';

/** Every variable the service reads, with its rule and default. */
export class QcEnvironment extends ServiceEnvironment {
  override HTTP_PORT = Services.warehouseQc.ports.http;
  override DATABASE_SCHEMA = Services.warehouseQc.schema;
  /** Grades, checklists per category and disposition rules. */
  @IsString() GRADING_RULES_FILE = join(__dirname, '../../rules/default-rules.json');
  /** How long an inspector's claim on an inspection lasts without being renewed. */
  @IsInt() @Min(60) @Max(86_400) CLAIM_TTL_SECONDS = 1800;
}

export interface QcConfig extends ServiceSettings {
  readonly gradingRulesFile: string;
  readonly claimTtlSeconds: number;
}

export function loadQcConfig(env: NodeJS.ProcessEnv = process.env): QcConfig {
  const { parsed, settings } = readServiceEnvironment(Services.warehouseQc, QcEnvironment, env);
  return { ...settings, gradingRulesFile: parsed.GRADING_RULES_FILE, claimTtlSeconds: parsed.CLAIM_TTL_SECONDS };
}
