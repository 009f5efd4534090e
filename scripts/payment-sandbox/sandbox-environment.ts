/** The payment sandbox's settings, read from the environment (see docs/payment-sandbox.md). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { readEnvironment } from '@rebound/kernel';
import { DEFAULT_DATABASE_URL, postgresTlsProblems } from '@rebound/persistence';

export class SandboxEnvironment {
  @IsInt() @Min(0) @Max(65535) PAYMENT_SANDBOX_PORT = 3090;
  @IsString() HOST = '127.0.0.1';
  @IsInt() @Min(0) @Max(60_000) SANDBOX_LATENCY_MS = 0;
  @IsInt() @Min(1) @Max(600_000) SANDBOX_HANG_MS = 60_000;
  /** The database the sandbox keeps its refunds, charges and scripts in: the local stack's by default. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'SANDBOX_DATABASE_URL must be a postgres:// URL' })
  SANDBOX_DATABASE_URL = DEFAULT_DATABASE_URL;
  /** The sandbox's own schema in that database, created at start when missing. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'SANDBOX_DATABASE_SCHEMA must be a lower-case SQL identifier' })
  SANDBOX_DATABASE_SCHEMA = 'payment_sandbox';
}

/** Throws InvalidConfigError naming every bad variable, the TLS settings of its database's included. */
export function loadSandboxEnvironment(env: NodeJS.ProcessEnv = process.env): SandboxEnvironment {
  return readEnvironment('payment-sandbox', SandboxEnvironment, env, [
    (raw) => postgresTlsProblems(raw['SANDBOX_DATABASE_URL'] || DEFAULT_DATABASE_URL, raw, 'SANDBOX_DATABASE_URL'),
  ]);
}
