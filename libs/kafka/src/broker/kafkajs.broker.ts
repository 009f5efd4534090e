/**
 * The message broker port on kafkajs. With a topic namespace, every topic and consumer group name
 * is mapped here (see topic-namespace.ts): the rest of the library sees only logical names.
 */
import { Admin, Consumer, Kafka, KafkaConfig, LogEntry, Partitioners, Producer, logLevel } from 'kafkajs';
import { KafkaConnection, describeKafkaConnection } from '../connection/kafka-connection';
import type { Logger } from '@rebound/observability';
import {
  BatchControl,
  BrokerAdmin,
  BrokerConsumer,
  ConsumerHealth,
  BrokerProducer,
  CommittedOffset,
  ConsumerSettings,
  IncomingMessage,
  MessageBroker,
  OutgoingMessage,
  PartitionBatch,
  SendFailure,
  TopicSpec,
} from './message-broker.port';
import {
  assertTopicNamespace,
  logicalTopic,
  physicalGroupId,
  physicalPattern,
  physicalTopic,
  topicsInNamespace,
} from './topic-namespace';

export interface KafkaJsBrokerOptions {
  /** Brokers, credentials and TLS: usually `kafkaConnection()`. */
  readonly connection: KafkaConnection;
  readonly clientId: string;
  readonly logger: Logger;
  /** How long a connection attempt may take; the default suits a local or in-cluster broker. */
  readonly connectionTimeoutMs?: number;
  /**
   * Prefixes this deployment's topics and consumer groups on the cluster (`<namespace>.<name>`), so
   * deployments sharing a cluster never see each other's messages or share a group.
   */
  readonly namespace?: string;
}

/** How often a topic creation is tried when the broker answers with a transient error. */
const CREATE_TOPICS_ATTEMPTS = 5;

/**
 * Creates topics and waits for their leaders. While it waits, kafkajs retries "leader not available"
 * but gives up on "this server does not host this topic-partition" — the same transient state of a
 * topic just created, seen when a service registers a partner at start and when tests create topics
 * on a busy broker. Creating is idempotent: try again.
 */
export async function createTopicsWithLeaders(
  admin: Admin,
  topics: Parameters<Admin['createTopics']>[0]['topics'],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({ waitForLeaders: true, topics });
      return;
    } catch (error) {
      if (attempt >= CREATE_TOPICS_ATTEMPTS || (error as { retriable?: unknown }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

// kafkajs logs protocol errors it is about to retry at ERROR ("Response Metadata(...)": not the
// leader, coordinator not available or loading — routine while a group forms or topics are new) and
// its group coordinator's rebalancing at WARN; it retries them itself, so they are debug for us.
// Failures that really stop work are reported by the relay and the consumer themselves. Its warning
// about bounded idempotent-producer retries is expected too: the relay bounds them on purpose (it
// re-sends the whole batch later, and consumers deduplicate).
const EXPECTED_WARNINGS = /Limiting retries for the idempotent producer|^Response \w+\(|coordinator/i;

function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...details } = log;
      const child = { kafkajs: details };
      if (EXPECTED_WARNINGS.test(message)) logger.debug(child, `kafka: ${message}`);
      else if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(child, `kafka: ${message}`);
      else if (level === logLevel.INFO) logger.debug(child, `kafka: ${message}`);
      else logger.trace(child, `kafka: ${message}`);
    };
}

/**
 * The broker refused the client's credentials (or demanded some it was not given): its own error, so
 * readiness checks and logs say "Kafka authentication" rather than a bare protocol message.
 */
export class KafkaAuthenticationError extends Error {
  constructor(connection: KafkaConnection, cause: Error) {
    const hint = connection.sasl
      ? ''
      : ' — no SASL credentials are configured (KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD); the broker probably requires them';
    super(`Kafka authentication failed at ${describeKafkaConnection(connection)}: ${cause.message}${hint}`, { cause });
    this.name = 'KafkaAuthenticationError';
  }
}

// kafkajs' errors when the SASL exchange fails, and when a SASL listener drops a client that did not
// start one (it closes the connection after the first request that is not part of the handshake).
const AUTHENTICATION_FAILURES = new Set(['KafkaJSSASLAuthenticationError']);
const CLOSED_BY_BROKER = new Set(['KafkaJSConnectionClosedError']);

/** Runs a request; an authentication failure becomes a `KafkaAuthenticationError`. */
async function authenticated<T>(connection: KafkaConnection, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const name = (error as Error).name;
    if (AUTHENTICATION_FAILURES.has(name) || (!connection.sasl && CLOSED_BY_BROKER.has(name))) {
      throw new KafkaAuthenticationError(connection, error as Error);
    }
    throw error;
  }
}

// What a failed send says about its messages (see SendFailure). kafkajs wraps the broker's answer in
// KafkaJSNumberOfRetriesExceeded or KafkaJSNonRetriableError, whose `cause` is a KafkaJSProtocolError
// (its `type` names the Kafka error code) or a connection error. On the local broker: a topic deleted
// or never created gives UNKNOWN_TOPIC_OR_PARTITION once the producer's retries are spent; a topic the
// user may not write, TOPIC_AUTHORIZATION_FAILED at once; a record over the broker's message.max.bytes,
// MESSAGE_TOO_LARGE at once; a broker that does not answer, KafkaJSConnectionError after the retries.
// The value says whether the refusal is about the whole topic.
const REFUSED = new Map([
  ['MESSAGE_TOO_LARGE', false],
  ['RECORD_LIST_TOO_LARGE', false],
  ['INVALID_RECORD', false],
  ['INVALID_TOPIC_EXCEPTION', true],
  ['TOPIC_AUTHORIZATION_FAILED', true],
]);
const REFUSED_FOR_NOW = new Map([['UNKNOWN_TOPIC_OR_PARTITION', true]]);
// The producer itself may not write (the idempotent producer needs the cluster's IdempotentWrite).
const PRODUCER_NOT_AUTHORISED = new Set(['CLUSTER_AUTHORIZATION_FAILED', 'SASL_AUTHENTICATION_FAILED']);
const BROKER_UNAVAILABLE = new Set([
  'KafkaAuthenticationError',
  'KafkaJSSASLAuthenticationError',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

/** Classifies an error a kafkajs send rejected with, by the innermost Kafka error code it carries. */
export function kafkaSendFailure(error: unknown): SendFailure {
  const chain: { name?: string; message?: string; type?: string; retriable?: boolean; cause?: unknown }[] = [];
  for (let link = error; link instanceof Error && chain.length < 10; link = (link as { cause?: unknown }).cause) {
    chain.push(link);
  }
  const coded = chain.findLast((link) => typeof link.type === 'string');
  if (coded?.type) {
    const reason = `${coded.type}: ${coded.message}`;
    const refused = REFUSED.get(coded.type);
    if (refused !== undefined) return { kind: 'refused', wholeTopic: refused, reason };
    const forNow = REFUSED_FOR_NOW.get(coded.type);
    if (forNow !== undefined) return { kind: 'refused-for-now', wholeTopic: forNow, reason };
    // Kafka's retriable codes describe the cluster (leaders moving, too few replicas, timeouts).
    if (coded.retriable === true || PRODUCER_NOT_AUTHORISED.has(coded.type)) {
      return { kind: 'unavailable', wholeTopic: false, reason };
    }
    return { kind: 'refused-for-now', wholeTopic: false, reason };
  }
  const unavailable = chain.find((link) => BROKER_UNAVAILABLE.has(link.name ?? ''));
  const described = unavailable ?? chain[0];
  const reason = described ? `${described.name}: ${described.message}` : String(error);
  return { kind: unavailable ? 'unavailable' : 'refused-for-now', wholeTopic: false, reason };
}

export class KafkaJsBroker implements MessageBroker {
  /** The topic namespace its names are mapped into; undefined when names are used as they are. */
  readonly namespace: string | undefined;
  private readonly kafka: Kafka;
  private readonly connection: KafkaConnection;

  constructor(options: KafkaJsBrokerOptions) {
    if (options.namespace !== undefined) assertTopicNamespace(options.namespace);
    this.namespace = options.namespace;
    this.connection = options.connection;
    const config: KafkaConfig = {
      clientId: options.clientId,
      ...options.connection,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      logLevel: logLevel.WARN,
      logCreator: logCreator(options.logger),
      retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 8 },
    };
    this.kafka = new Kafka(config);
  }

  producer(): BrokerProducer {
    return new KafkaJsProducer(
      () =>
        this.kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          createPartitioner: Partitioners.DefaultPartitioner,
          retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
        }),
      this.connection,
      this.namespace,
    );
  }

  consumer(settings: ConsumerSettings): BrokerConsumer {
    return new KafkaJsConsumer(
      this.kafka.consumer({
        groupId: physicalGroupId(this.namespace, settings.groupId),
        sessionTimeout: settings.sessionTimeoutMs ?? 30000,
        heartbeatInterval: settings.heartbeatIntervalMs ?? 3000,
        maxWaitTimeInMs: settings.maxWaitTimeMs ?? 1000,
        allowAutoTopicCreation: false,
      }),
      settings,
      this.connection,
      this.namespace,
    );
  }

  admin(options: { readonly failFast?: boolean } = {}): BrokerAdmin {
    return new KafkaJsAdmin(
      this.kafka.admin(options.failFast ? { retry: { retries: 0 } } : undefined),
      this.connection,
      this.namespace,
    );
  }
}

/**
 * After a failed send the kafkajs producer is replaced. An idempotent producer that gave up on a
 * request rolls its sequence numbers back but keeps its producer id, so the next batch for that
 * partition would reuse them: the broker would take a different batch of the same size for a
 * duplicate and drop it silently, or refuse a larger one as out of order for good. A new producer
 * gets a new id and fresh sequences.
 */
class KafkaJsProducer implements BrokerProducer {
  private producer: Producer;
  private connected = false;

  constructor(
    private readonly create: () => Producer,
    private readonly connection: KafkaConnection,
    private readonly namespace: string | undefined,
  ) {
    this.producer = create();
  }

  async connect(): Promise<void> {
    await authenticated(this.connection, () => this.producer.connect());
    this.connected = true;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.connected) await this.connect();
    try {
      await authenticated(this.connection, () => this.sendBatch(messages));
    } catch (error) {
      const failed = this.producer;
      this.producer = this.create();
      this.connected = false;
      await failed.disconnect().catch(() => undefined);
      throw error;
    }
  }

  failureOf(error: unknown): SendFailure {
    return kafkaSendFailure(error);
  }

  private async sendBatch(messages: readonly OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: physicalTopic(this.namespace, topic),
        messages: list.map((message) => ({ key: message.key, value: message.value, headers: message.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }
}

// The group is rebalancing or this member was fenced: its partitions may belong to someone else now.
const LOST_PARTITIONS = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

class KafkaJsConsumer implements BrokerConsumer {
  constructor(
    private readonly consumer: Consumer,
    private readonly settings: ConsumerSettings,
    private readonly connection: KafkaConnection,
    private readonly namespace: string | undefined,
  ) {}

  connect(): Promise<void> {
    return authenticated(this.connection, () => this.consumer.connect());
  }

  onHealthChange(listener: (health: ConsumerHealth) => void): void {
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      listener({ running: false, error: payload.error, restarting: payload.restart }),
    );
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => listener({ running: true }));
  }

  subscribe(topics: readonly (string | RegExp)[], fromBeginning: boolean): Promise<void> {
    const physical = topics.map((topic) =>
      typeof topic === 'string' ? physicalTopic(this.namespace, topic) : physicalPattern(this.namespace, topic),
    );
    return authenticated(this.connection, () => this.consumer.subscribe({ topics: physical, fromBeginning }));
  }

  run(handle: (batch: PartitionBatch, control: BatchControl) => Promise<void>): Promise<void> {
    const commits = this.settings.commitOffsets ?? true;
    return this.consumer.run({
      autoCommit: commits,
      autoCommitThreshold: this.settings.commitEveryMessages ?? 100,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 3,
      eachBatch: async ({ batch, heartbeat, resolveOffset, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const topic = logicalTopic(this.namespace, batch.topic);
        const messages: IncomingMessage[] = batch.messages.map((message) => ({
          topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        }));
        let partitionsLost = false;
        await handle(
          { topic, partition: batch.partition, messages },
          {
            heartbeat: async () => {
              try {
                await heartbeat();
              } catch (error) {
                if (LOST_PARTITIONS.has((error as { type?: string }).type ?? '')) partitionsLost = true;
                throw error;
              }
            },
            markProcessed: (message) => resolveOffset(message.offset),
            // kafkajs commits here even with autoCommit off.
            commitIfDue: () => (commits ? commitOffsetsIfNecessary() : Promise.resolve()),
            canContinue: () => isRunning() && !isStale() && !partitionsLost,
          },
        );
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }
}

class KafkaJsAdmin implements BrokerAdmin {
  constructor(
    private readonly admin: Admin,
    private readonly connection: KafkaConnection,
    private readonly namespace: string | undefined,
  ) {}

  /** Connects and asks for the cluster once: kafkajs connects lazily, so a refused login shows here, not later. */
  connect(): Promise<void> {
    return authenticated(this.connection, async () => {
      await this.admin.connect();
      await this.admin.describeCluster();
    });
  }

  async brokerCount(): Promise<number> {
    return (await this.admin.describeCluster()).brokers.length;
  }

  async checkGroupCoordinator(groupId: string): Promise<void> {
    await this.admin.describeGroups([physicalGroupId(this.namespace, groupId)]);
  }

  /** The namespace's topics only, by their logical names. */
  async listTopics(): Promise<string[]> {
    return topicsInNamespace(this.namespace, await this.admin.listTopics());
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const topics = specs.map((spec) => ({
      topic: physicalTopic(this.namespace, spec.topic),
      numPartitions: spec.partitions,
      configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
    }));
    await createTopicsWithLeaders(this.admin, topics);
  }

  async partitionCount(topic: string): Promise<number> {
    const metadata = await this.admin.fetchTopicMetadata({ topics: [physicalTopic(this.namespace, topic)] });
    return metadata.topics[0].partitions.length;
  }

  async addPartitions(topic: string, count: number): Promise<void> {
    await this.admin.createPartitions({ topicPartitions: [{ topic: physicalTopic(this.namespace, topic), count }] });
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    await this.admin.deleteTopics({ topics: topics.map((topic) => physicalTopic(this.namespace, topic)) });
  }

  async committedOffsets(groupId: string, topic: string): Promise<CommittedOffset[]> {
    const [result] = await this.admin.fetchOffsets({
      groupId: physicalGroupId(this.namespace, groupId),
      topics: [physicalTopic(this.namespace, topic)],
    });
    return result.partitions
      .map(({ partition, offset }) => ({ partition, offset: Number(offset) }))
      .sort((a, b) => a.partition - b.partition);
  }

  startOffsets(topic: string): Promise<CommittedOffset[]> {
    return this.watermarks(topic, 'low');
  }

  endOffsets(topic: string): Promise<CommittedOffset[]> {
    return this.watermarks(topic, 'high');
  }

  private async watermarks(topic: string, mark: 'low' | 'high'): Promise<CommittedOffset[]> {
    const offsets = await this.admin.fetchTopicOffsets(physicalTopic(this.namespace, topic));
    return offsets
      .map((offset) => ({ partition: offset.partition, offset: Number(offset[mark]) }))
      .sort((a, b) => a.partition - b.partition);
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }
}
