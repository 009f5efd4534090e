/**
 * Stops and starts the local Kafka broker that scripts/stack runs, for tests that prove nothing is
 * lost while Kafka is down. Only the local stack's broker can be controlled this way.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const STACK = resolve(__dirname, '../../../../scripts/stack');

async function stack(command: string): Promise<void> {
  // `npm test` runs other suites alongside against the same broker, except those jest.preset.js lists.
  if (process.env['REBOUND_BROKER_OUTAGE_SUITES'] === 'skip') {
    throw new Error(`cannot ${command} the shared broker while other suites use it: list this suite in jest.preset.js`);
  }
  if (process.env['KAFKA_BROKERS']) {
    throw new Error(
      `cannot ${command} a broker this checkout did not start (KAFKA_BROKERS=${process.env['KAFKA_BROKERS']}); ` +
        'run these tests against the broker of scripts/stack up',
    );
  }
  await promisify(execFile)(STACK, [command], { timeout: 120_000 });
}

export const localBroker = {
  stop: () => stack('kafka-stop'),
  start: () => stack('kafka-start'),
};
