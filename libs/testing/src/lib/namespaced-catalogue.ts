/**
 * The whole topic catalogue under a Kafka topic namespace of its own, so a service integration test
 * runs the service against the real catalogue names without seeing other test runs' messages.
 *
 * The namespace mapping is @rebound/kafka's: build a `KafkaJsBroker` with the namespace and pass
 * it here (and to the service); give `TestConsumer`, `produce`, `endOffsets` and `committedOffsets`
 * the names from its `physicalTopic` and `physicalGroupId`. This library cannot import messaging —
 * messaging's own tests use this library, and Nx refuses the cycle — so it describes the little it
 * uses of the broker, which a `KafkaJsBroker` satisfies as it is.
 */
import { catalogueTopics } from '@rebound/contracts';
import { uniqueName } from './unique-name';
import { waitUntil } from './wait-until';

interface CatalogueAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  createTopics(specs: readonly { topic: string; partitions: number; config?: Record<string, string> }[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
}

/** What these helpers use of @rebound/kafka's `KafkaJsBroker`. */
export interface NamespacedBroker {
  readonly namespace: string | undefined;
  admin(): CatalogueAdmin;
}

/** A topic namespace no other test run uses (`it-<prefix>-<random>`). */
export function testNamespace(prefix: string): string {
  return uniqueName(`it-${prefix}`, '-');
}

/** Creates every topic of the catalogue, with its cleanup policy, in the broker's namespace. */
export async function createNamespacedCatalogue(broker: NamespacedBroker, partitions = 3): Promise<void> {
  const specs = catalogueTopics().map((topic) => ({
    topic: topic.name,
    partitions,
    config: { 'cleanup.policy': topic.cleanupPolicy },
  }));
  await withNamespaceAdmin(broker, 'create the catalogue', (admin) =>
    // kafkajs stops waiting for new topics' leaders when the broker's metadata still lags behind
    // the controller (UNKNOWN_TOPIC_OR_PARTITION), seen while other runs create and delete topics on
    // the same broker. Creating again skips the topics that exist; done once the broker lists them all.
    waitUntil(`the catalogue in topic namespace ${broker.namespace}`, async () => {
      await admin.createTopics(specs);
      const listed = new Set(await admin.listTopics());
      return specs.every((spec) => listed.has(spec.topic));
    }),
  );
}

/** Deletes every topic of the broker's namespace: the catalogue and any the test added, such as partner topics. */
export async function deleteNamespacedTopics(broker: NamespacedBroker): Promise<void> {
  await withNamespaceAdmin(broker, 'delete topics', async (admin) => admin.deleteTopics(await admin.listTopics()));
}

async function withNamespaceAdmin(
  broker: NamespacedBroker,
  action: string,
  work: (admin: CatalogueAdmin) => Promise<unknown>,
): Promise<void> {
  // Without a namespace the admin sees the cluster's real catalogue, which a test must not touch.
  if (broker.namespace === undefined) throw new Error(`refusing to ${action}: the broker has no topic namespace`);
  const admin = broker.admin();
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.disconnect();
  }
}
