/**
 * One returns-intake per test file, on real Postgres (a schema of its own) and real Kafka (the whole
 * topic catalogue under a namespace of its own): the same application main.ts starts, with REST,
 * gRPC, the consumer and the outbox relay. Helpers publish other services' events the way they
 * would, and read what returns-intake really published.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { EventClass, EventPayload, Services, Topics, encodeEvent } from '@rebound/contracts';
import { KafkaJsBroker, kafkaBrokers, physicalTopic } from '@rebound/messaging';
import { createLogger } from '@rebound/observability';
import {
  TestConsumer,
  TestSchema,
  createNamespacedCatalogue,
  deleteNamespacedTopics,
  produce,
  testNamespace,
} from '@rebound/testing';
import { IntakeApplication, startIntake } from '../../src/bootstrap';
import { loadIntakeConfig } from '../../src/config/intake-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface HttpAnswer<T = Json> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface IntakeWorld {
  readonly namespace: string;
  readonly schema: TestSchema;
  readonly intake: IntakeApplication;
  /** Everything returns-intake published to `returns.return.v1` and its dead-letter topic. */
  readonly published: TestConsumer;
  http<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<T>>;
  /** Publishes an event as its owning service would (CloudEvents headers, keyed by subject). */
  publish<T extends EventPayload>(
    eventClass: EventClass<T>,
    data: T,
    options: { subject: string; id?: string; time?: Date; source?: string },
  ): Promise<string>;
  physical(logicalTopic: string): string;
}

export function useIntakeWorld(prefix: string): () => IntakeWorld {
  let world: IntakeWorld | undefined;
  let broker: KafkaJsBroker;

  beforeAll(async () => {
    const namespace = testNamespace(prefix);
    broker = new KafkaJsBroker({
      brokers: kafkaBrokers(),
      clientId: 'intake-tests',
      logger: createLogger({ service: 'intake-tests', level: 'silent' }),
      namespace,
    });
    await createNamespacedCatalogue(broker);
    const schema = await TestSchema.create(prefix.replace(/-/g, '_'));
    const config = loadIntakeConfig({
      ...process.env,
      HTTP_PORT: '0',
      GRPC_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.name,
      KAFKA_TOPIC_NAMESPACE: namespace,
      LOG_LEVEL: 'silent',
    });
    const intake = await startIntake(config, { logger: false });
    const physical = (logical: string) => physicalTopic(namespace, logical);
    const published = await TestConsumer.start([
      physical(Topics.returnsReturn.name),
      physical(Services.returnsIntake.deadLetterTopic.name),
    ]);
    world = {
      namespace,
      schema,
      intake,
      published,
      physical,
      async http(method, path, body, headers = {}) {
        const response = await fetch(`${intake.httpUrl}${path}`, {
          method,
          headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
      },
      async publish(eventClass, data, options) {
        const id = options.id ?? randomUUID();
        const encoded = encodeEvent({
          id,
          type: eventClass.eventType,
          source: options.source ?? '/rebound/tests',
          subject: options.subject,
          time: options.time ?? new Date(),
          data,
        });
        const topic = 'name' in eventClass.topic ? eventClass.topic.name : '';
        await produce(physical(topic), [
          { key: encoded.key, value: encoded.value, headers: encoded.headers as Record<string, string> },
        ]);
        return id;
      },
    };
  }, 60_000);

  afterAll(async () => {
    await world?.published.stop();
    await world?.intake.app.close();
    await world?.schema.drop();
    if (broker) await deleteNamespacedTopics(broker).catch(() => undefined);
  }, 60_000);

  return () => {
    if (!world) throw new Error('the intake world is not set up (useIntakeWorld must be called inside describe)');
    return world;
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
