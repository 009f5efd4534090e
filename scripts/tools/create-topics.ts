/**
 * Creates every topic of the catalogue (libs/contracts) that does not exist yet, with
 * KAFKA_TOPIC_PARTITIONS partitions (default 6). Existing topics are left alone: adding partitions
 * to a keyed topic would move keys and break per-return ordering, so that stays a deliberate act.
 */
import { kafkaConnection, KafkaJsBroker, kafkaTopicNamespace } from '@rebound/kafka';
import { catalogueTopics } from '@rebound/contracts';
import { createLogger } from '@rebound/observability';

async function main(): Promise<void> {
  const partitions = Number(process.env['KAFKA_TOPIC_PARTITIONS'] ?? 6);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) {
    throw new Error(
      `KAFKA_TOPIC_PARTITIONS must be a whole number from 1 to 1000, got "${process.env['KAFKA_TOPIC_PARTITIONS']}"`,
    );
  }
  const logger = createLogger({ service: 'stack', level: 'silent' });
  const admin = new KafkaJsBroker({
    connection: kafkaConnection(),
    clientId: 'rebound-stack',
    logger,
    namespace: kafkaTopicNamespace(),
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = catalogueTopics().filter((topic) => !existing.has(topic.name));
    await admin.createTopics(
      missing.map((topic) => ({ topic: topic.name, partitions, config: { 'cleanup.policy': topic.cleanupPolicy } })),
    );
    for (const topic of catalogueTopics()) {
      if (missing.includes(topic)) {
        console.log(`    ✓ created ${topic.name} (${partitions} partitions, ${topic.cleanupPolicy})`);
      } else {
        const count = await admin.partitionCount(topic.name);
        const hint = count < partitions ? ` — fewer than KAFKA_TOPIC_PARTITIONS=${partitions}; left as is` : '';
        console.log(`    ✓ ${topic.name} exists (${count} partitions)${hint}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: Error) => {
  console.error(`    ✗ creating topics failed: ${error.message}`);
  process.exit(1);
});
