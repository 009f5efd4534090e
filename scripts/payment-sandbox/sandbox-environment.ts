/** The payment sandbox's settings, read from the environment (see docs/payment-sandbox.md). */
import { IsInt, IsString, Max, Min } from 'class-validator';
import { readEnvironment } from '@rebound/config';

export class SandboxEnvironment {
  @IsInt() @Min(0) @Max(65535) PAYMENT_SANDBOX_PORT = 3090;
  @IsString() HOST = '127.0.0.1';
  @IsInt() @Min(0) @Max(60_000) SANDBOX_LATENCY_MS = 0;
  @IsInt() @Min(1) @Max(600_000) SANDBOX_HANG_MS = 60_000;
}

/** Throws InvalidConfigError naming every bad variable. */
export function loadSandboxEnvironment(env: NodeJS.ProcessEnv = process.env): SandboxEnvironment {
  return readEnvironment('payment-sandbox', SandboxEnvironment, env);
}
