/** Waits until Kafka (kafkaConnection's environment, else the local broker) answers and can coordinate consumer groups. */
import { KafkaConnection, describeKafkaConnection, kafkaConnection, KafkaJsBroker } from '@rebound/kafka';
import { createLogger } from '@rebound/observability';

const TIMEOUT_MS = 120_000;

async function main(connection: KafkaConnection): Promise<void> {
  const where = describeKafkaConnection(connection);
  const logger = createLogger({ service: 'stack', level: 'silent' });
  const admin = new KafkaJsBroker({ connection, clientId: 'rebound-stack', logger }).admin();
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    try {
      await admin.connect();
      const count = await admin.brokerCount();
      await admin.checkGroupCoordinator('rebound-stack-readiness');
      console.log(
        `    ✓ Kafka ready at ${where} (${count} broker${count === 1 ? '' : 's'}, ${Math.round((Date.now() - started) / 1000)} s)`,
      );
      await admin.disconnect();
      return;
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() - started > TIMEOUT_MS) {
        throw new Error(`Kafka at ${where} not ready after ${TIMEOUT_MS / 1000} s: ${(error as Error).message}`);
      }
      if (Date.now() - lastReport > 5000) {
        console.log(
          `    • waiting for Kafka (${Math.round((Date.now() - started) / 1000)} s): ${(error as Error).message}`,
        );
        lastReport = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

Promise.resolve()
  .then(() => main(kafkaConnection()))
  .catch((error: Error) => {
    console.error(`    ✗ ${error.message}`);
    process.exit(1);
  });
