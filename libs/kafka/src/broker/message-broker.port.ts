/**
 * The small port the messaging library needs from a Kafka client. The outbox relay, the consumer
 * and the scripts talk to this, so the client library (kafkajs today) can be swapped in one file.
 */
import { RawHeaders } from '@rebound/contracts';

export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string | Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string | Buffer>;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: RawHeaders;
}

export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly IncomingMessage[];
}

/** What a batch handler may do while it works through one partition's batch. */
export interface BatchControl {
  /** Keeps group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** Marks a message done; its offset is committed with the next commit. */
  markProcessed(message: IncomingMessage): void;
  /** Commits marked offsets when the commit policy says so. */
  commitIfDue(): Promise<void>;
  /**
   * False once the consumer is stopping, a seek is pending, or a heartbeat learned that the group is
   * rebalancing (the partition may be someone else's now): stop, and do not mark.
   */
  canContinue(): boolean;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly config?: Record<string, string>;
}

export interface ConsumerSettings {
  readonly groupId: string;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Commit after this many processed messages even in the middle of a batch. */
  readonly commitEveryMessages?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** How long a fetch waits for new messages; also bounds how long stopping waits for an idle fetch. */
  readonly maxWaitTimeMs?: number;
  /**
   * False for a reader that only looks (the dead-letter tool): marked offsets then only move its read
   * position, and the group never commits any, so it leaves no offsets behind. Default true.
   */
  readonly commitOffsets?: boolean;
}

/** What a failed send means for the messages in it. */
export interface SendFailure {
  /**
   * - `unavailable`: the broker could not take anything — unreachable, timed out, leaders moving,
   *   this producer's own credentials refused. Nothing is wrong with the messages.
   * - `refused`: the broker refused the messages and always will (too large, an invalid record, a
   *   topic that is invalid or not this producer's to write).
   * - `refused-for-now`: refused in a way that may pass (a topic that does not exist, perhaps not
   *   yet), or a failure the client does not name.
   */
  readonly kind: 'unavailable' | 'refused' | 'refused-for-now';
  /** The refusal is about the topic, so every message to it would get it too. */
  readonly wholeTopic: boolean;
  /** The broker's error code, when it gave one, and message. */
  readonly reason: string;
}

export interface BrokerProducer {
  connect(): Promise<void>;
  /**
   * Resolves once every message is acknowledged by all in-sync replicas, in order per partition.
   * Connects first when not connected (also after a failed send, which replaces the connection).
   * When it rejects, messages of the send may have been written to partitions that accepted theirs.
   */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  /** What an error `send` rejected with says about its messages. */
  failureOf(error: unknown): SendFailure;
  disconnect(): Promise<void>;
}

/** Whether a running consumer is fetching: it stops when the client crashes, and runs again once it rejoins its group. */
export type ConsumerHealth =
  | { readonly running: true }
  | {
      readonly running: false;
      readonly error: Error;
      /** True when the client restarts on its own (a retriable failure); false when it has given up. */
      readonly restarting: boolean;
    };

export interface BrokerConsumer {
  connect(): Promise<void>;
  /** Told each time the consumer crashes and each time it (re)joins its group. */
  onHealthChange(listener: (health: ConsumerHealth) => void): void;
  subscribe(topics: readonly (string | RegExp)[], fromBeginning: boolean): Promise<void>;
  run(handle: (batch: PartitionBatch, control: BatchControl) => Promise<void>): Promise<void>;
  /** Stops fetching, waits for the batches in flight, commits what they marked and leaves the group. */
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface CommittedOffset {
  readonly partition: number;
  /** The next offset the group will read; -1 when the group never committed on the partition. */
  readonly offset: number;
}

export interface BrokerAdmin {
  connect(): Promise<void>;
  /** How many brokers answer; fails while the cluster is unreachable. */
  brokerCount(): Promise<number>;
  /** Fails until the cluster can coordinate consumer groups (its offsets topic is ready). */
  checkGroupCoordinator(groupId: string): Promise<void>;
  listTopics(): Promise<string[]>;
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  partitionCount(topic: string): Promise<number>;
  addPartitions(topic: string, count: number): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  committedOffsets(groupId: string, topic: string): Promise<CommittedOffset[]>;
  /** The offset of the oldest message each partition still holds (retention deletes older ones); the end offset when it holds none. */
  startOffsets(topic: string): Promise<CommittedOffset[]>;
  /** The offset the next produced message on each partition will get. */
  endOffsets(topic: string): Promise<CommittedOffset[]>;
  disconnect(): Promise<void>;
}

export interface MessageBroker {
  producer(): BrokerProducer;
  consumer(settings: ConsumerSettings): BrokerConsumer;
  /** `failFast`: no retries inside the client — for checks that answer now and try again on their own schedule. */
  admin(options?: { readonly failFast?: boolean }): BrokerAdmin;
}
