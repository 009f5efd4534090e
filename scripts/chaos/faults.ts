import { type IncomingMessage, type OutgoingMessage } from '@rebound/kafka';
/**
 * The faults a chaos run injects while returns flow, each one a thing that happens to a real
 * deployment: a process killed or stopped, the broker or the database going away, the same events
 * delivered again, messages no consumer can read. Each `inject` returns once the fault is over (a
 * stopped broker started again); the run then measures how long the platform takes to recover.
 * Faults of the partners and the payment provider are in the run's set-up instead: the partner
 * simulators duplicate and reorder their events, and the sandbox is scripted per charge
 * (return-mix.ts).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  EventClass,
  EventHeaders,
  InspectionEvents,
  OrderEvents,
  PartnerCoverageEvents,
  PartnerTrackingEvents,
  PickupEvents,
  ProductEvents,
  RefundEvents,
  ReturnEvents,
  StockEvents,
  StockLevelEvents,
  allServices,
  topicMatches,
} from '@rebound/contracts';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import type { Platform, ServiceName } from '../platform/platform';
import type { RunGround } from '../platform/run-ground';
import { HANDLED_EVENT_TYPES } from './service-facts';

const run = promisify(execFile);

export interface FaultContext {
  readonly platform: Platform;
  readonly ground: RunGround;
  /** The ids and keys of the poison messages injected: the only dead letters the run expects. */
  readonly poison: Set<string>;
  readonly say: (line: string) => void;
}

export interface Fault {
  /** Short, unique: `kill -9 refunds`, `broker stop/start`. Name one with `--faults`. */
  readonly name: string;
  /** What it exercises, for the report. */
  readonly exercises: string;
  inject(context: FaultContext): Promise<void>;
}

/** scripts/stack's commands for the local broker and database. */
async function stack(command: string): Promise<void> {
  await run(join(WORKSPACE_ROOT, 'scripts/stack'), [command], { cwd: WORKSPACE_ROOT, timeout: 180_000 });
}

const SERVICES: readonly ServiceName[] = [
  'returns-intake',
  'pickup-scheduling',
  'warehouse-qc',
  'inventory',
  'refunds',
];

function killService(name: ServiceName): Fault {
  return {
    name: `kill -9 ${name}`,
    exercises: `${name} dies mid-batch: its uncommitted work is redone, its offsets resumed, its outbox relayed once`,
    async inject({ platform }) {
      platform.process(name).kill('SIGKILL');
    },
  };
}

export const FAULTS: readonly Fault[] = [
  ...SERVICES.map(killService),
  {
    name: 'SIGTERM inventory',
    exercises: 'a graceful stop under load: the event in hand finishes and commits, the rest waits for the restart',
    async inject({ platform }) {
      platform.process('inventory').kill('SIGTERM');
    },
  },
  {
    name: 'broker stop/start',
    exercises: 'Kafka away for 10 s: outboxes hold their rows, consumers rejoin, readiness goes and comes back',
    async inject() {
      await stack('kafka-stop');
      await sleep(10_000);
      await stack('kafka-start');
    },
  },
  {
    name: 'broker kill -9',
    exercises: 'Kafka dies without a clean shutdown and recovers its logs: acknowledged writes survive',
    async inject() {
      await stack('kafka-kill');
      await sleep(3_000);
      await stack('kafka-start');
    },
  },
  {
    name: 'Postgres restart',
    exercises: 'every database session cut at once: transactions in flight roll back and are retried',
    async inject() {
      await stack('postgres-restart');
    },
  },
  {
    name: 'duplicate replay',
    exercises: 'a range of every topic delivered a second time: inboxes apply nothing twice',
    async inject({ ground, say }) {
      const copies = await replayRanges(ground);
      say(`    sent again: ${copies} events from the middle third of every topic`);
    },
  },
  {
    name: 'poison',
    exercises: 'on every topic a service consumes, messages it cannot read: dead-lettered, blocking nothing',
    async inject({ ground, poison, say }) {
      const sent = await injectPoison(ground, poison);
      say(`    injected: ${sent} poison messages`);
    },
  },
  {
    name: 'network latency',
    exercises: 'added latency between a service and the broker (tc netem)',
    async inject({ say }) {
      say(`    not injected: ${await netemUnavailable()}`);
    },
  },
];

/** Why `tc netem` cannot run here, or undefined when it can. */
async function netemUnavailable(): Promise<string> {
  try {
    await run('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '0ms']);
    await run('tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
    return 'tc netem works here, but a cut between one service and the broker needs that service in a network namespace of its own, which the local platform does not make';
  } catch (error) {
    const message = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    return `this kernel cannot add a netem qdisc (${message}); the machine needs the sch_netem module`;
  }
}

/** Reads every topic of the run from its beginning to its end now (partner topics included). */
async function readAll(ground: RunGround): Promise<Map<string, IncomingMessage[]>> {
  const admin = ground.broker.admin();
  await admin.connect();
  const ends = new Map<string, Map<number, number>>();
  try {
    for (const topic of await admin.listTopics()) {
      ends.set(topic, new Map((await admin.endOffsets(topic)).map((end) => [end.partition, end.offset])));
    }
  } finally {
    await admin.disconnect();
  }
  const read = new Map<string, IncomingMessage[]>([...ends.keys()].map((topic) => [topic, []]));
  const remaining = () =>
    [...ends].some(([topic, partitions]) =>
      [...partitions].some(
        ([partition, end]) =>
          end > 0 &&
          !(read.get(topic) ?? []).some(
            (message) => message.partition === partition && Number(message.offset) >= end - 1,
          ),
      ),
    );
  const consumer = ground.broker.consumer({
    groupId: `chaos.replay.${randomUUID()}`,
    maxWaitTimeMs: 200,
    commitOffsets: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe([...ends.keys()], true);
    await consumer.run(async (batch, control) => {
      const end = ends.get(batch.topic)?.get(batch.partition) ?? 0;
      for (const message of batch.messages) {
        if (Number(message.offset) < end) read.get(batch.topic)?.push(message);
        control.markProcessed(message);
      }
    });
    const deadline = Date.now() + 60_000;
    while (remaining() && Date.now() < deadline) await sleep(200);
  } finally {
    await consumer.stop();
    await consumer.disconnect();
  }
  return read;
}

/** Sends the middle third of every topic's messages again (the dead-letter topics' aside), as they were (key, value, headers). */
async function replayRanges(ground: RunGround): Promise<number> {
  const copies: OutgoingMessage[] = [];
  for (const [topic, messages] of await readAll(ground)) {
    // Dead letters are for people to replay; what the run counts there must stay what was dead-lettered.
    if (allServices().some((service) => service.deadLetterTopic.name === topic)) continue;
    const third = Math.floor(messages.length / 3);
    for (const message of messages.slice(third, 2 * third)) {
      copies.push({ topic, key: message.key, value: message.value, headers: sendable(message.headers) });
    }
  }
  await send(ground, copies);
  return copies.length;
}

/**
 * Two messages per consumed topic: one whose headers name an event type the consumer handles but
 * whose body is not that event, and one that is no event at all.
 */
async function injectPoison(ground: RunGround, poison: Set<string>): Promise<number> {
  const admin = ground.broker.admin();
  await admin.connect();
  let topics: string[];
  try {
    topics = await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
  const messages: OutgoingMessage[] = [];
  for (const topic of topics) {
    const handled = handledOn(topic);
    if (handled.length === 0) continue;
    const id = randomUUID();
    const key = `chaos-poison-${randomUUID()}`;
    const bare = `chaos-poison-${randomUUID()}`;
    poison.add(id).add(key).add(bare);
    messages.push(
      {
        topic,
        key,
        value: Buffer.from(JSON.stringify({ poison: 'not the event its type says' })),
        headers: {
          [EventHeaders.id]: id,
          [EventHeaders.type]: handled[0],
          [EventHeaders.source]: '/rebound/chaos',
          [EventHeaders.specversion]: '1.0',
          [EventHeaders.time]: new Date().toISOString(),
          [EventHeaders.subject]: key,
          [EventHeaders.contentType]: 'application/json',
        },
      },
      { topic, key: bare, value: Buffer.from('\u0000 not even JSON'), headers: {} },
    );
  }
  await send(ground, messages);
  return messages.length;
}

/** Every event type some service consumes, by the class that names its topic. */
const CONSUMED_EVENTS: readonly EventClass[] = [
  ...OrderEvents,
  ...ProductEvents,
  ...ReturnEvents,
  ...PickupEvents,
  ...PartnerCoverageEvents,
  ...PartnerTrackingEvents,
  ...InspectionEvents,
  ...StockEvents,
  ...StockLevelEvents,
  ...RefundEvents,
];

/** The event types a service handles on `topic`. */
function handledOn(topic: string): string[] {
  const handled = new Set(Object.values(HANDLED_EVENT_TYPES).flat());
  return CONSUMED_EVENTS.filter(
    (eventClass) => handled.has(eventClass.eventType) && topicMatches(eventClass.topic, topic),
  ).map((eventClass) => eventClass.eventType);
}

async function send(ground: RunGround, messages: readonly OutgoingMessage[]): Promise<void> {
  const producer = ground.broker.producer();
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += 100) await producer.send(messages.slice(start, start + 100));
  } finally {
    await producer.disconnect();
  }
}

/** The headers as they came, to send again (kafkajs hands a header it saw twice as a list; that keeps the first). */
function sendable(headers: IncomingMessage['headers']): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first;
  }
  return out;
}
