/**
 * The dead-letter tool's two operations on a service's dead-letter topic (see docs/messaging.md,
 * "Inspecting and replaying dead letters"): list what is in it, and send chosen dead letters back to
 * their original topic after a fix. Both read the topic as it is when they start, and neither moves
 * any consumer group's offsets.
 */
import { MessageBroker } from '@rebound/kafka';
import { ServiceDefinition } from '@rebound/contracts';
import { DeadLetterEntry, describeDeadLetter } from './dead-letter-entry';
import { ReplaySelection } from './dlt-options';
import { planReplay } from './replay-plan';
import { readTopic } from './topic-reader';

export interface DeadLetterListing {
  readonly service: string;
  readonly topic: string;
  readonly deadLetters: readonly DeadLetterEntry[];
}

export interface ReplayReport {
  readonly topic: string;
  /** Each replayed dead letter, with the topic it was sent to. */
  readonly replayed: readonly { readonly deadLetter: DeadLetterEntry; readonly sentTo: string }[];
  readonly dryRun: boolean;
}

export interface DeadLetterToolOptions {
  /** How long reading the dead-letter topic may take before the tool gives up. */
  readonly readTimeoutMs?: number;
}

export class DeadLetterTool {
  constructor(
    private readonly broker: MessageBroker,
    private readonly options: DeadLetterToolOptions = {},
  ) {}

  async list(service: ServiceDefinition): Promise<DeadLetterListing> {
    const contents = await this.read(service);
    return { service: service.name, topic: contents.topic, deadLetters: contents.messages.map(describeDeadLetter) };
  }

  /** Throws ReplayRefusedError, having sent nothing, when any selected dead letter cannot be replayed. */
  async replay(
    service: ServiceDefinition,
    selection: ReplaySelection,
    { dryRun = false }: { readonly dryRun?: boolean } = {},
  ): Promise<ReplayReport> {
    const contents = await this.read(service);
    const plan = planReplay(contents, selection, new Set(await this.topics()));
    if (!dryRun && plan.length > 0) {
      const producer = this.broker.producer();
      await producer.connect();
      try {
        // One send. Kafka applies it per partition, not as a whole: if it fails, the operator runs
        // the tool again (a replay sent twice is applied once: the second copy finds the event applied).
        await producer.send(plan.map(({ replay }) => replay));
      } finally {
        await producer.disconnect();
      }
    }
    return {
      topic: contents.topic,
      replayed: plan.map(({ deadLetter, replay }) => ({
        deadLetter: describeDeadLetter(deadLetter),
        sentTo: replay.topic,
      })),
      dryRun,
    };
  }

  private read(service: ServiceDefinition) {
    return readTopic(this.broker, service.deadLetterTopic.name, {
      purpose: `dlt-tool.${service.name}`,
      timeoutMs: this.options.readTimeoutMs,
    });
  }

  private async topics(): Promise<string[]> {
    const admin = this.broker.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }
}
