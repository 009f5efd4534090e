/**
 * The bring-up's second half (scripts/up runs the local stack first): starts the platform's
 * processes, drives the sample returns through the lifecycle, prints their timelines and where
 * every API lives, then keeps running until Ctrl-C (SIGINT) or SIGTERM, which stop everything.
 */
import { join } from 'node:path';
import { DEMO_INSPECTOR, DEMO_PARTNER_SIMULATORS, DEMO_SERVICE_ENV } from './demo-platform';
import { WORKSPACE_ROOT } from './managed-process';
import { Platform } from './platform';
import { formatEndpoints, formatOutcome } from './report';
import { runSampleReturns } from './run-samples';
import { sampleReturns } from './sample-returns';

const LOG_DIR = join(WORKSPACE_ROOT, '.rebound/platform/logs');

function say(line: string): void {
  console.log(line);
}

async function main(): Promise<void> {
  say(`\n▶ starting the platform: five services, three partner simulators, the demo inspector (logs in ${LOG_DIR})`);
  const platform = await Platform.start(
    {
      logDir: LOG_DIR,
      env: { LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info' },
      services: {
        'returns-intake': { httpPort: 3001, grpcPort: 50051 },
        'pickup-scheduling': { httpPort: 3002, env: DEMO_SERVICE_ENV['pickup-scheduling'] },
        'warehouse-qc': { httpPort: 3003 },
        inventory: { httpPort: 3004, grpcPort: 50054 },
        refunds: { httpPort: 3005 },
      },
      partners: DEMO_PARTNER_SIMULATORS,
      inspector: DEMO_INSPECTOR,
    },
    (line) => say(`  ✓ ${line}`),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n▶ ${signal}: stopping the platform`);
    void platform.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const runTag = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const samples = sampleReturns(runTag, new Date());
  say(
    '\n▶ seeded: the demo return policy (services/returns-intake/policy/default-policy.json), the demo partners ' +
      `(services/pickup-scheduling/partners/demo-partners.json) and ${samples.length} orders; opening one return per order`,
  );
  try {
    const outcomes = await runSampleReturns(platform.services, samples, { progress: say, timeoutMs: 180_000 });
    say('\n▶ the sample returns, with their timelines\n');
    say(outcomes.map(formatOutcome).join('\n\n'));
  } catch (error) {
    say(`\n✗ the sample returns did not finish: ${(error as Error).message}\n  logs: ${LOG_DIR}`);
  }
  say(
    `\n▶ Rebound is running\n${formatEndpoints(platform.services, process.env['PAYMENT_PROVIDER_URL'] ?? 'http://127.0.0.1:3090')}`,
  );
  say(`  logs               ${LOG_DIR}\n\nCtrl-C stops everything.`);

  const watchdog = setInterval(() => {
    for (const crashed of platform.exitedUnexpectedly()) {
      if (stopping) return;
      say(`✗ ${crashed.name} exited; its last lines:\n${crashed.tail()}`);
      stop(`${crashed.name} exited`);
    }
  }, 2_000);
  watchdog.unref();
}

main().catch((error: Error) => {
  console.error(`\n✗ ${error.message}`);
  process.exit(1);
});
