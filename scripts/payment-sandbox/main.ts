/**
 * The sandbox payment provider's process (see docs/payment-sandbox.md):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/payment-sandbox/main.ts
 * Settings: PAYMENT_SANDBOX_PORT (3090), HOST (127.0.0.1), SANDBOX_LATENCY_MS (0), SANDBOX_HANG_MS (60000),
 * SANDBOX_DATABASE_URL (the local stack's database), SANDBOX_DATABASE_SCHEMA (payment_sandbox).
 */
import 'reflect-metadata';
import { InvalidConfigError } from '@rebound/kernel';
import { startSandbox } from './sandbox-app';
import { loadSandboxEnvironment } from './sandbox-environment';

async function main(): Promise<void> {
  const env = loadSandboxEnvironment();
  const { url } = await startSandbox({
    port: env.PAYMENT_SANDBOX_PORT,
    host: env.HOST,
    latencyMs: env.SANDBOX_LATENCY_MS,
    hangMs: env.SANDBOX_HANG_MS,
    databaseUrl: env.SANDBOX_DATABASE_URL,
    schema: env.SANDBOX_DATABASE_SCHEMA,
  });
  console.log(`payment sandbox on ${url} (POST /v1/refunds, POST /v1/charges, GET /v1/{refunds,charges}/by-key/{key})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
