import { IncomingMessage, MessageBroker } from '@rebound/kafka';
/**
 * Reads a whole topic as it is now: every message from the oldest each partition still holds to the
 * end offset it had when reading began. It reads in a consumer group of its own that commits nothing,
 * so it leaves no offsets behind and moves no service's group.
 */
import { randomBytes } from 'node:crypto';

export interface PartitionRange {
  readonly partition: number;
  /** The oldest offset the partition holds. */
  readonly start: number;
  /** The offset after its last message when reading began; `start` when it held none. */
  readonly end: number;
}

export interface TopicContents {
  readonly topic: string;
  readonly partitions: readonly PartitionRange[];
  /** By partition, then offset. */
  readonly messages: readonly IncomingMessage[];
}

export interface ReadOptions {
  /** Names the throwaway consumer group (`<purpose>.<random>`), so a look at the cluster shows what read. */
  readonly purpose: string;
  /** Gives up, rather than hanging, when the partitions are not read to their end by then. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class TopicNotFoundError extends Error {
  override readonly name = 'TopicNotFoundError';
}

export async function readTopic(broker: MessageBroker, topic: string, options: ReadOptions): Promise<TopicContents> {
  const partitions = await partitionRanges(broker, topic);
  const ends = new Map(partitions.map(({ partition, end }) => [partition, end]));
  const unread = new Set(partitions.filter(({ start, end }) => end > start).map(({ partition }) => partition));
  if (unread.size === 0) return { topic, partitions, messages: [] };

  // By coordinates: a rebalance of the group (it has one member, but still) may hand a batch over twice.
  const read = new Map<string, IncomingMessage>();
  let finished!: () => void;
  const allRead = new Promise<void>((resolve) => (finished = resolve));
  const consumer = broker.consumer({
    groupId: `${options.purpose}.${randomBytes(4).toString('hex')}`,
    commitOffsets: false,
    maxWaitTimeMs: 500,
  });
  await consumer.connect();
  try {
    await consumer.subscribe([topic], true);
    await consumer.run(async (batch, control) => {
      const end = ends.get(batch.partition) ?? 0;
      for (const message of batch.messages) {
        const offset = Number(message.offset);
        // Written after reading began: not part of what is listed or replayed.
        if (offset >= end) break;
        read.set(`${batch.partition}:${offset}`, message);
        control.markProcessed(message);
        // Dead-letter topics are neither compacted nor written in transactions: the last offset holds a message.
        if (offset === end - 1) unread.delete(batch.partition);
      }
      if (unread.size === 0) finished();
    });
    await withTimeout(allRead, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => {
      const left = [...unread].sort((a, b) => a - b).join(', ');
      return `gave up reading ${topic}: partition(s) ${left} not read to their end`;
    });
  } finally {
    await consumer.stop();
    await consumer.disconnect();
  }
  return { topic, partitions, messages: [...read.values()].sort(byCoordinates) };
}

/** Orders messages of one topic by partition, then offset. */
export function byCoordinates(a: IncomingMessage, b: IncomingMessage): number {
  return a.partition - b.partition || Number(a.offset) - Number(b.offset);
}

async function partitionRanges(broker: MessageBroker, topic: string): Promise<PartitionRange[]> {
  const admin = broker.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new TopicNotFoundError(`topic ${topic} does not exist`);
    const [starts, ends] = await Promise.all([admin.startOffsets(topic), admin.endOffsets(topic)]);
    return ends.map(({ partition, offset: end }) => ({
      partition,
      start: starts.find((start) => start.partition === partition)?.offset ?? end,
      end,
    }));
  } finally {
    await admin.disconnect();
  }
}

async function withTimeout(work: Promise<void>, timeoutMs: number, failure: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${failure()} after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
